package dev.mmwal.consumer.internal;

import dev.mmwal.consumer.ConsumerStoreException;
import dev.mmwal.consumer.StateInterpreter;

/**
 * The user's {@link StateInterpreter} behind a guard: whatever it throws, or a {@code null} it
 * returns, becomes a {@link ConsumerStoreException} naming the step, the client and the message.
 * Thread-safe when the interpreter is.
 *
 * @param <S> the state type.
 */
public final class GuardedInterpreter<S> {
    private final StateInterpreter<S> interpreter;

    public GuardedInterpreter(final StateInterpreter<S> interpreter) {
        this.interpreter = interpreter;
    }

    public StateInterpreter<S> unguarded() {
        return interpreter;
    }

    public byte[] format(final S state, final String clientId, final long messageId) {
        final byte[] bytes;
        try {
            bytes = interpreter.format(state);
        } catch (final RuntimeException ex) {
            throw failed("format", clientId, messageId, ex);
        }
        return nonNull(bytes, "format", clientId, messageId);
    }

    public S parse(final byte[] bytes, final String clientId, final long messageId) {
        final S state;
        try {
            state = interpreter.parse(bytes);
        } catch (final RuntimeException ex) {
            throw failed("parse", clientId, messageId, ex);
        }
        return nonNull(state, "parse", clientId, messageId);
    }

    public S merge(final S current, final S entry, final String clientId, final long messageId, final long timestampMillis) {
        final S merged;
        try {
            merged = interpreter.merge(current, entry, messageId, timestampMillis);
        } catch (final RuntimeException ex) {
            throw failed("merge", clientId, messageId, ex);
        }
        return nonNull(merged, "merge", clientId, messageId);
    }

    /** A defensive copy of {@code state} (format then parse), so callers never share the store's instance. */
    public S copy(final S state, final String clientId, final long messageId) {
        return parse(format(state, clientId, messageId), clientId, messageId);
    }

    private <T> T nonNull(final T value, final String step, final String clientId, final long messageId) {
        if (value == null) {
            throw new ConsumerStoreException("interpreter returned null: interpreter=" + interpreter.id() + ", step=" + step
                + ", clientId=" + clientId + ", messageId=" + messageId);
        }
        return value;
    }

    private ConsumerStoreException failed(final String step, final String clientId, final long messageId, final RuntimeException cause) {
        return new ConsumerStoreException("interpreter failed, nothing was persisted: interpreter=" + interpreter.id() + ", step=" + step
            + ", clientId=" + clientId + ", messageId=" + messageId + ", cause=" + cause, cause);
    }
}
