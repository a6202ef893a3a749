package io.seriesflow.it;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** {@link TomcatAbuseChecks} against the WAR dropped into an unmodified Tomcat 11 distribution. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AbuseOnStockTomcatIT extends TomcatAbuseChecks {
    @BeforeAll
    static void startStock() {
        start(false);
    }
}
