package io.mcpdcr.domain.token;

/** A request of the revocation or introspection endpoint read from its form, or why it cannot be. */
public sealed interface Parsed<T> {
    record Valid<T>(T request) implements Parsed<T> {}

    record Invalid<T>(TokenError error) implements Parsed<T> {}
}
