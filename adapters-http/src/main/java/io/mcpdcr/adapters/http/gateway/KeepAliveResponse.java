package io.mcpdcr.adapters.http.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The response to the client, able to slip an SSE comment between forwarded events. An idle event stream is the only
 * way to learn that its client left: nothing is read from the client, so only a failed write tells. The comment goes
 * out only at an event boundary (what was forwarded ends with a blank line), so it never splits an event, and never
 * while another write is pending (Jetty allows one): a forwarded write arriving meanwhile waits for it.
 */
final class KeepAliveResponse extends Response.Wrapper {
    private static final byte[] COMMENT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    /** The last bytes forwarded, oldest first, enough to see a blank line in any of SSE's line endings. */
    private final byte[] tail = new byte[4];
    private int tailLength;
    private boolean writing;
    private Runnable deferred;

    KeepAliveResponse(Request request, Response wrapped) {
        super(request, wrapped);
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
        Runnable forward;
        synchronized (this) {
            remember(content);
            forward = () -> super.write(last, content, afterForwarded(callback));
            if (writing) {
                deferred = forward;
                return;
            }
            writing = true;
        }
        forward.run();
    }

    /**
     * Writes the comment if the stream is between events and nothing is being written, else does nothing: the next
     * idle period asks again. A failed write means the client is gone, and goes to {@code clientGone}.
     */
    void keepAlive(Consumer<Throwable> clientGone) {
        synchronized (this) {
            if (writing || !atEventBoundary()) {
                return;
            }
            writing = true;
        }
        super.write(false, ByteBuffer.wrap(COMMENT), Callback.from(Callback.InvocationType.NON_BLOCKING,
                this::afterKeepAlive, failure -> {
                    afterKeepAlive();
                    clientGone.accept(failure);
                }));
    }

    private Callback afterForwarded(Callback callback) {
        return Callback.from(callback.getInvocationType(), () -> {
            idle();
            callback.succeeded();
        }, failure -> {
            idle();
            callback.failed(failure);
        });
    }

    private synchronized void idle() {
        writing = false;
    }

    private void afterKeepAlive() {
        Runnable next;
        synchronized (this) {
            next = deferred;
            deferred = null;
            writing = next != null;
        }
        if (next != null) {
            next.run();
        }
    }

    private void remember(ByteBuffer content) {
        for (int i = Math.max(content.position(), content.limit() - tail.length); i < content.limit(); i++) {
            if (tailLength == tail.length) {
                System.arraycopy(tail, 1, tail, 0, tail.length - 1);
                tailLength--;
            }
            tail[tailLength++] = content.get(i);
        }
    }

    /** Nothing forwarded yet, or the last line ended is blank: "\n\n", "\r\r", "\r\n\r\n" and mixtures. */
    private boolean atEventBoundary() {
        if (tailLength == 0) {
            return true;
        }
        int end = tailLength;
        if (end >= 2 && tail[end - 2] == '\r' && tail[end - 1] == '\n') {
            end -= 2;
        } else if (tail[end - 1] == '\n' || tail[end - 1] == '\r') {
            end -= 1;
        } else {
            return false;
        }
        return end > 0 && (tail[end - 1] == '\n' || tail[end - 1] == '\r');
    }
}
