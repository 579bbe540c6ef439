package io.mcpdcr.domain.oauth;

/**
 * An error of any endpoint: its code and a description that names the parameter and the rule broken without echoing
 * the value. Implemented by RegistrationError, AuthorizationError and TokenError. Not sealed: Java allows permitted
 * subtypes in other packages only inside a named module, and the domain is on the class path.
 */
public interface OAuthError {
    OAuthErrorCode code();

    String description();
}
