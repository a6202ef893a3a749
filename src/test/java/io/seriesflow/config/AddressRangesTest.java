package io.seriesflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressRangesTest {
    @Test
    void anEmptyListAllowsEveryAddress() {
        AddressRanges any = AddressRanges.parse(" ");
        assertTrue(any.allowsAll());
        assertTrue(any.allows("203.0.113.9"));
    }

    @Test
    void addressesAndCidrRangesOfBothFamiliesMatchBitForBit() {
        AddressRanges ranges = AddressRanges.parse("127.0.0.1, 10.0.0.0/8,192.168.4.0/22 , fd00::/8, ::1");
        assertFalse(ranges.allowsAll());
        for (String allowed : List.of("127.0.0.1", "10.255.3.4", "192.168.7.255", "fd12::3", "::1", "[::1]",
                "0:0:0:0:0:0:0:1")) {
            assertTrue(ranges.allows(allowed), allowed);
        }
        for (String refused : List.of("127.0.0.2", "11.0.0.1", "192.168.8.0", "fe80::1", "::2", "", "localhost",
                "not an address")) {
            assertFalse(ranges.allows(refused), refused);
        }
        assertTrue(AddressRanges.parse("0.0.0.0/0").allows("198.51.100.1"));
        assertFalse(AddressRanges.parse("0.0.0.0/0").allows("::1"), "an IPv4 range holds no IPv6 address");
    }

    @Test
    void anythingButALiteralAddressOrRangeIsRefusedWithoutALookup() {
        for (String bad : List.of("example.com", "10.0.0.0/33", "::/129", "10.0.0.0/x", "1.2.3", "10", "300.1.1.1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressRanges.parse(bad));
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void aBadAllowListFailsTheDeploymentNamingTheSetting() {
        ConfigSource env = ConfigSource.environment(Map.of("SERIESFLOW_OPS_ALLOWED_ADDRESSES", "10.0.0.0/8,intranet"));
        String message = assertThrows(InvalidSettingException.class, () -> Settings.read(List.of(env))).getMessage();
        assertTrue(message.contains("seriesflow.ops-allowed-addresses") && message.contains("intranet"), message);
        assertEquals("on", Settings.defaults().raw(Setting.METRICS));
        assertTrue(Settings.defaults().metricsEnabled());
        assertTrue(Settings.defaults().opsToken().isEmpty(), "the operations page is off by default");
    }
}
