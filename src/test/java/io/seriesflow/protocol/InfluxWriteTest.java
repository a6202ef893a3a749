package io.seriesflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.engine.PointBatch;
import io.seriesflow.engine.StreamId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InfluxWriteTest {
    private static final StreamNameTemplate DEFAULT = StreamNameTemplate.parse(StreamNameTemplate.DEFAULT);

    private static InfluxWrite parse(String body, String precision) {
        return InfluxWrite.parse(body.getBytes(StandardCharsets.UTF_8), 100, precision, DEFAULT);
    }

    @Test
    void everyNumericFieldOfEveryLineIsAPointOfItsOwnStream() {
        InfluxWrite write = parse("""
                cpu,cpu=cpu-total,host=h1 usage_idle=97.5,usage_system=1.2,usage_user=1.3 1700000000000000000
                mem,host=h1 available=1234i,used_percent=40.5,active=7u 1700000000000000000
                system,host=h1 uptime_format="1 day, 0:00",up=true,load1=0.5 1700000001000000000
                cpu,host=h1,cpu=cpu-total usage_idle=97.0 1700000002000000000
                """, "ns");
        assertEquals(List.of("cpu.cpu-total.h1.usage-idle", "cpu.cpu-total.h1.usage-system",
                "cpu.cpu-total.h1.usage-user", "mem.h1.available", "mem.h1.used-percent", "mem.h1.active",
                "system.h1.load1"), write.batches().keySet().stream().map(StreamId::name).toList());
        PointBatch idle = write.batches().get(StreamId.of("cpu.cpu-total.h1.usage-idle"));
        assertEquals(2, idle.size(), "tags in any order name the same series");
        assertEquals(1_700_000_002_000L, idle.timestampAt(1));
        assertEquals(97.0, idle.valueAt(1));
        assertEquals(1234.0, write.batches().get(StreamId.of("mem.h1.available")).valueAt(0));
        assertEquals(8, write.points(), "string and boolean fields are skipped");
    }

    @Test
    void precisionsOfBothVersionsAndMissingTimestamps() {
        assertEquals(1_700_000_000_000L, parse("m v=1 1700000000", "s").batches().values().iterator().next()
                .timestampAt(0));
        assertEquals(60_000L, parse("m v=1 1", "m").batches().values().iterator().next().timestampAt(0));
        assertEquals(PointBatch.NOW, parse("m v=1", "ms").batches().values().iterator().next().timestampAt(0));
        assertThrows(IngestFormatException.class, () -> parse("m v=1 1", "fortnights"));
    }

    @Test
    void refusalsNameTheLine() {
        IngestFormatException bad = assertThrows(IngestFormatException.class, () -> parse("m v=1\nm v=abc\n", null));
        assertEquals("line 2", bad.location());
        assertEquals("line 1", assertThrows(IngestFormatException.class, () -> parse("m,host v=1", null))
                .location());
        assertThrows(IngestFormatException.class, () -> parse("\n# only a comment\n", null));
        assertThrows(IngestLimitException.class, () -> InfluxWrite.parse("m a=1,b=2,c=3".getBytes(
                StandardCharsets.UTF_8), 2, null, DEFAULT));
        assertThrows(IngestFormatException.class, () -> InfluxWrite.parse(new byte[] {(byte) 0xff}, 2, null,
                DEFAULT));
    }

    @Test
    void escapesInMeasurementTagsAndFields() {
        InfluxWrite write = parse("disk\\ io,path=/var/lib\\,x,host=H\\=1 read\\ bytes=5i", null);
        assertEquals(List.of("disk-io.h-1.-var-lib-x.read-bytes"), write.batches().keySet().stream()
                .map(StreamId::name).toList());
    }

    @Test
    void theTemplateMapsNamesIntoTheStreamAlphabet() {
        TreeMap<String, String> tags = new TreeMap<>(Map.of("host", "Web_01", "region", "eu"));
        assertEquals("web-01.cpu.usage-user", StreamNameTemplate.parse("{tag:host}.{measurement}.{field}")
                .name("CPU", tags, "usage_user").name());
        assertEquals("cpu.usage", DEFAULT.name("cpu", new TreeMap<>(), "usage").name(), "no tags: no empty part");
        assertEquals("internal.x", DEFAULT.name("_internal", new TreeMap<>(), "x").name());
        String longName = DEFAULT.name("m".repeat(80), tags, "f").name();
        assertEquals(64, longName.length());
        assertTrue(longName.matches("m{55}-[0-9a-f]{8}"), longName);
        assertEquals(longName, DEFAULT.name("m".repeat(80), tags, "f").name(), "stable");
        assertTrue(!longName.equals(DEFAULT.name("m".repeat(80), tags, "g").name()), "distinct");
        assertTrue(StreamNameTemplate.streamId("__").name().matches("series-[0-9a-f]{8}"));
    }

    @Test
    void aTemplateWithoutFieldOrWithAnUnknownPlaceholderIsRefused() {
        for (String bad : List.of("{measurement}", "{measurement}.{host}.{field}", "{field}}", "{field")) {
            assertThrows(IllegalArgumentException.class, () -> StreamNameTemplate.parse(bad), bad);
        }
    }
}
