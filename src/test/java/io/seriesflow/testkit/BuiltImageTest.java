package io.seriesflow.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BuiltImageTest {
    @Test
    void readsTheContextSizeFromTheClassicBuilderAndFromBuildKit() {
        assertEquals(512_000, BuiltImage.contextBytes("Step 0\nSending build context to Docker daemon  512kB\n"));
        assertEquals(252_100_000, BuiltImage.contextBytes("Sending build context to Docker daemon  252.1MB\r\n"));
        assertEquals(1_230_000, BuiltImage.contextBytes(
                "#5 transferring context: 2B\n#5 transferring context: 1.23MB 0.1s done\n"));
    }
}
