package io.mcpdcr.adapters.http;

import io.mcpdcr.application.port.JsonObjects;
import java.util.Map;
import java.util.Optional;

/** The strict JSON reading of the registration endpoint, for client metadata documents too. */
public final class JacksonJsonObjects implements JsonObjects {
    @Override
    public Optional<Map<String, Object>> read(byte[] json) {
        try {
            return Optional.of(Json.readObject(json));
        } catch (Json.UnreadableJson e) {
            return Optional.empty();
        }
    }
}
