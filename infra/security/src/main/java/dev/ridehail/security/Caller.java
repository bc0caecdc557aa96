package dev.ridehail.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who sent a request, from its validated token: a controller takes it as a method parameter. Object-level checks
 * (is this rider's data the caller's?) go through {@link #mayAccessRider} and {@link #riderIdFor}.
 *
 * @param subject      the token's {@code sub}: the riderId for a rider token
 * @param deviceId     the token's {@code device_id} claim, or null
 * @param tokenId      the token's {@code jti}, or null
 * @param scopes       the token's scopes
 * @param unrestricted true only with {@code ridehail.security.enabled=false} (the benchmark's comparison run)
 */
public record Caller(String subject, String deviceId, String tokenId, Set<String> scopes, boolean unrestricted) {

    static final String DEVICE_ID_CLAIM = "device_id";

    private static final Caller UNRESTRICTED = new Caller(null, null, null, Set.of(), true);

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public static Caller withoutSecurity() {
        return UNRESTRICTED;
    }

    public static Caller of(Authentication authentication) {
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            throw new IllegalStateException("The request has no validated bearer token; its path needs a rule in ApiRules");
        }
        Set<String> scopes = token.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .filter(authority -> authority.startsWith("SCOPE_"))
            .map(authority -> authority.substring("SCOPE_".length()))
            .collect(Collectors.toUnmodifiableSet());
        return new Caller(token.getToken().getSubject(), token.getToken().getClaimAsString(DEVICE_ID_CLAIM),
                token.getToken().getId(), scopes, false);
    }

    public boolean hasScope(String scope) {
        return unrestricted || scopes.contains(scope);
    }

    public boolean canReadFleet() {
        return hasScope(Scopes.FLEET_READ);
    }

    public boolean isAdmin() {
        return hasScope(Scopes.ADMIN);
    }

    /** A fleet reader may read any rider's data; anyone else only their own. */
    public boolean mayAccessRider(String riderId) {
        return canReadFleet() || (subject != null && subject.equals(riderId));
    }

    /**
     * The rider a write is for: the token's own when the body names none, the named one when it is the caller's own,
     * otherwise refused. Unrestricted callers write for whoever the body names.
     */
    public String riderIdFor(String claimedRiderId) {
        if (unrestricted) {
            return claimedRiderId;
        }
        if (claimedRiderId == null) {
            return subject;
        }
        if (!claimedRiderId.equals(subject)) {
            throw new ForbiddenRiderException(claimedRiderId);
        }
        return claimedRiderId;
    }
}
