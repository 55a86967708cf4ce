package dev.mmwal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads --json output with Jackson, strictly (one value, nothing after it), so tests check that it
 * is valid JSON; objects become maps, arrays lists, and every number a double.
 */
public final class JsonParser {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private JsonParser() {
    }

    /** Parses one JSON value. */
    public static Object parse(final String text) {
        try {
            return plain(MAPPER.readTree(text));
        } catch (final JsonProcessingException ex) {
            throw new IllegalArgumentException("not valid JSON: " + ex.getOriginalMessage() + ", text=" + text, ex);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(final String text) {
        return (Map<String, Object>)parse(text);
    }

    private static Object plain(final JsonNode node) {
        if (node.isObject()) {
            final Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
            return map;
        }
        if (node.isArray()) {
            final List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : node.textValue();
    }
}
