package io.mcpdcr.application.port;

import java.util.Map;
import java.util.Optional;

/** Reads a JSON object into plain Java values (String, Number, Boolean, List, Map, null). */
public interface JsonObjects {
    /** The object's members, or empty when the bytes are not one strict UTF-8 JSON object. */
    Optional<Map<String, Object>> read(byte[] json);
}
