package io.mcpdcr.adapters.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches a route (header fields too large, URI too long, a malformed
 * request line) in the same JSON shape as every other error, never its HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(body(status));
    }

    private static byte[] body(int status) {
        String error = status >= 500 ? OAuthErrors.SERVER_ERROR : OAuthErrors.INVALID_REQUEST;
        String description = String.valueOf(HttpStatus.getMessage(status)).toLowerCase(Locale.ROOT);
        return ("{\"error\":\"" + error + "\",\"error_description\":\"" + description.replace("\"", "") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
