package dev.ridehail.loadgen;

/**
 * The target answered 401 or 403: the generator's tokens are not what the target accepts (another issuer, another
 * key, a missing scope, a batch for a rider the token does not name). Every further request would be refused the
 * same way, so the step stops at once instead of reporting a refused load as a measurement.
 */
public final class AuthorizationRejectedException extends IllegalStateException {

    private final int status;

    AuthorizationRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 401 or 403. */
    public int status() {
        return status;
    }
}
