package io.seriesflow.it;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** {@link TomcatAbuseChecks} against the WAR in Tomcat 11 with the shipped server.xml and setenv.sh. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AbuseOnShippedTomcatIT extends TomcatAbuseChecks {
    @BeforeAll
    static void startShipped() {
        start(true);
    }
}
