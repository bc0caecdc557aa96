package dev.ridehail.contract.tokens;

import java.net.URI;

/** Nothing answers at the demo issuer's address: ingest is down, or runs without its demo issuer. */
public class DemoIssuerUnreachableException extends IllegalStateException {

    DemoIssuerUnreachableException(URI issuer, Throwable cause) {
        super("The demo issuer at " + issuer + " is unreachable (" + cause + "). Start location-ingest-service with "
                + "DEMO_ISSUER_ENABLED=true (run.sh and docker compose do), or point this tool at the issuer of a "
                + "running one.", cause);
    }
}
