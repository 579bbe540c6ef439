package io.mcpdcr.bootstrap;

/** A configuration value is missing or malformed; the message names the variable. */
final class ConfigurationException extends RuntimeException {
    ConfigurationException(String variable, String problem) {
        super(variable + ": " + problem, null, false, false);
    }
}
