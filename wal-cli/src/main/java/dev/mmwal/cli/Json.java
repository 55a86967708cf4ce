package dev.mmwal.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.IOException;
import java.io.Serial;
import java.nio.file.Path;

/**
 * The {@code --json} output of every subcommand: maps, lists, strings, numbers, booleans and nulls
 * written by Jackson as compact one-line JSON. Two conventions on top of Jackson's defaults keep
 * the output stable for scripts: a non-finite double is {@code null} (JSON has no NaN), a whole
 * double is written without a fraction ({@code 3}, not {@code 3.0}); paths are their string form.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .addModule(new SimpleModule("mmwal-cli")
            .addSerializer(Double.class, new DoubleSerializer())
            .addSerializer(Path.class, ToStringSerializer.instance))
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .build();

    private Json() {
    }

    /** {@code value} as one line of JSON. */
    public static String write(final Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (final JsonProcessingException ex) {
            throw new IllegalStateException("cannot write JSON: type=" + (value == null ? null : value.getClass().getName())
                + ", cause=" + ex.getOriginalMessage(), ex);
        }
    }

    /** NaN and infinities as null; whole values below 1e15 as integers. */
    private static final class DoubleSerializer extends StdSerializer<Double> {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final double LARGEST_EXACT = 1e15;

        DoubleSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(final Double value, final JsonGenerator out, final SerializerProvider provider) throws IOException {
            final double v = value;
            if (!Double.isFinite(v)) {
                out.writeNull();
            } else if (v == Math.rint(v) && Math.abs(v) < LARGEST_EXACT) {
                out.writeNumber((long)v);
            } else {
                out.writeNumber(v);
            }
        }
    }
}
