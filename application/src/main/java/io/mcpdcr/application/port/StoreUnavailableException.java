package io.mcpdcr.application.port;

/** A store could not be reached or failed; the caller may retry later. Nothing was half-written. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
