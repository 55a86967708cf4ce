package dev.mmwal.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON objects as maps (Jackson), merged the way the original file-based store merged them: an
 * entry's fields are merged into the state (nested objects merged recursively, any other value
 * replaced), and the state's {@value #METADATA} map holds {@value #TIMESTAMP} (the latest
 * accepted persist, epoch milliseconds) and {@value #MAX_MESSAGE_ID}. An entry's own
 * {@value #METADATA} is ignored. Thread-safe (Jackson's {@code ObjectMapper} is, once configured).
 */
public final class JsonMapInterpreter implements StateInterpreter<Map<String, Object>> {
    public static final String METADATA = "_metadata";
    public static final String TIMESTAMP = "timestamp";
    public static final String MAX_MESSAGE_ID = "max_message_id";

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public JsonMapInterpreter() {
        this(new ObjectMapper());
    }

    /** With a configured mapper (modules, features); it must stay unchanged once handed over. */
    public JsonMapInterpreter(final ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String id() {
        return "json-map";
    }

    @Override
    public byte[] format(final Map<String, Object> state) {
        try {
            return mapper.writeValueAsBytes(state);
        } catch (final JsonProcessingException ex) {
            throw new IllegalArgumentException("state is not representable as JSON: cause=" + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public Map<String, Object> parse(final byte[] bytes) {
        try {
            return mapper.readValue(bytes, MAP);
        } catch (final IOException ex) {
            throw new IllegalArgumentException("bytes are not a JSON object: length=" + bytes.length + ", cause=" + ex.getMessage(), ex);
        }
    }

    @Override
    public Map<String, Object> merge(final Map<String, Object> current, final Map<String, Object> entry,
                                     final long messageId, final long timestampMillis) {
        final Map<String, Object> merged = current == null ? new LinkedHashMap<>() : deepCopy(current);
        for (final Map.Entry<String, Object> field : entry.entrySet()) {
            if (!METADATA.equals(field.getKey())) {
                mergeField(merged, field.getKey(), field.getValue());
            }
        }
        final Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(TIMESTAMP, timestampMillis);
        metadata.put(MAX_MESSAGE_ID, Math.max(messageId, previousMaxId(current)));
        merged.put(METADATA, metadata);
        return merged;
    }

    @SuppressWarnings("unchecked")
    private static void mergeField(final Map<String, Object> into, final String key, final Object value) {
        final Object existing = into.get(key);
        if (existing instanceof Map<?, ?> existingMap && value instanceof Map<?, ?> valueMap) {
            final Map<String, Object> target = (Map<String, Object>)existingMap;
            for (final Map.Entry<?, ?> nested : valueMap.entrySet()) {
                mergeField(target, String.valueOf(nested.getKey()), nested.getValue());
            }
        } else {
            into.put(key, deepCopyValue(value));
        }
    }

    private static long previousMaxId(final Map<String, Object> current) {
        if (current != null && current.get(METADATA) instanceof Map<?, ?> metadata && metadata.get(MAX_MESSAGE_ID) instanceof Number id) {
            return id.longValue();
        }
        return -1;
    }

    private static Map<String, Object> deepCopy(final Map<?, ?> map) {
        final Map<String, Object> copy = new LinkedHashMap<>();
        for (final Map.Entry<?, ?> field : map.entrySet()) {
            copy.put(String.valueOf(field.getKey()), deepCopyValue(field.getValue()));
        }
        return copy;
    }

    private static Object deepCopyValue(final Object value) {
        if (value instanceof Map<?, ?> map) {
            return deepCopy(map);
        }
        if (value instanceof java.util.List<?> list) {
            final java.util.List<Object> copy = new java.util.ArrayList<>(list.size());
            for (final Object element : list) {
                copy.add(deepCopyValue(element));
            }
            return copy;
        }
        return value;
    }
}
