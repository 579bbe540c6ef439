package io.mcpdcr.adapters.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict JSON in and out: UTF-8 only (RFC 8259 §8.1), no duplicate members, bounded nesting, nothing trailing. */
final class Json {
    static final int MAX_DEPTH = 16;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(64)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /** The bytes as a JSON object's members, or an exception whose message is safe to show the client. */
    static Map<String, Object> readObject(byte[] body) throws UnreadableJson {
        String text = decodeUtf8(body);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // RFC 8259 §8.1: a parser MAY ignore a byte order mark
        }
        if (text.isBlank()) {
            throw new UnreadableJson("the request body is empty; send a JSON object");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UnreadableJson("the request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableJson("the request body must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) plain(root);
        return members;
    }

    static void write(Context ctx, Object body) {
        try {
            ctx.contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
    }

    private static String decodeUtf8(byte[] body) throws UnreadableJson {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UnreadableJson("the request body is not valid UTF-8");
        }
    }

    /** Jackson's tree as the String, Number, Boolean, List, Map and null values the application takes. */
    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                map.put(field.getKey(), plain(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return null;
    }

    /** The body could not be read; the message says why without echoing it. */
    static final class UnreadableJson extends Exception {
        UnreadableJson(String message) {
            super(message, null, false, false);
        }
    }
}
