package io.seriesflow.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A list of IP addresses and CIDR ranges (IPv4 and IPv6), such as {@code 127.0.0.1, 10.0.0.0/8, ::1}; empty
 * allows every address. Only literal addresses are accepted: nothing is looked up in DNS. Immutable.
 */
public final class AddressRanges {
    /** An IPv6 literal: hex digits, colons and dots (an embedded IPv4 address) only, never a name to resolve. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /** An IPv4 literal in its four-part dotted form (the JDK also takes "10" or "1.2.3", which no one means). */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Parses a comma-separated list.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or a CIDR range
     */
    public static AddressRanges parse(String text) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : text.trim().split("\\s*,\\s*")) {
            if (!entry.isEmpty()) {
                ranges.add(Range.parse(entry));
            }
        }
        return new AddressRanges(ranges);
    }

    /** True when the list is empty: every address is allowed. */
    public boolean allowsAll() {
        return ranges.isEmpty();
    }

    /** Whether the literal address (as a servlet container reports a client's) is in one of the ranges. */
    public boolean allows(String address) {
        if (ranges.isEmpty()) {
            return true;
        }
        byte[] bytes = literal(address);
        return bytes != null && ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    private static byte[] literal(String address) {
        String text = address == null ? "" : address.trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        boolean ipv4 = IPV4.matcher(text).matches();
        if (!ipv4 && !IPV6.matcher(text).matches()) {
            return null;
        }
        if (ipv4 && Arrays.stream(text.split("\\.")).anyMatch(octet -> Integer.parseInt(octet) > 255)) {
            return null; // not a literal: the JDK would look it up as a host name
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null; // not a well-formed literal: in no range
        }
    }

    /** One address (all bits significant) or a CIDR range. */
    private record Range(byte[] network, int prefixBits) {
        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] bytes = literal(address);
            if (bytes == null) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or a CIDR range");
            }
            int bits = bytes.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > bytes.length * 8) {
                    throw new IllegalArgumentException("'" + entry + "' has no prefix length from 0 to "
                            + bytes.length * 8);
                }
            }
            return new Range(bytes, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixBits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
