package io.seriesflow.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.engine.DisconnectReason;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every close code the server can send is in docs/protocol.md, and every reason fits a close frame. */
class ProtocolDocTest {
    @Test
    void everyCloseCodeIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs/protocol.md"));
        for (DisconnectReason reason : DisconnectReason.values()) {
            CloseReason close = CloseReasons.of(reason);
            assertTrue(doc.contains("| " + close.getCloseCode().getCode() + " |"),
                    "docs/protocol.md documents close code " + close.getCloseCode().getCode() + " for " + reason);
            assertTrue(close.getReasonPhrase().getBytes(StandardCharsets.UTF_8).length <= 123,
                    "close reason fits in a control frame: " + reason);
        }
    }

    @Test
    void everyProblemTypeIsDocumentedWithItsStatus() throws IOException {
        String doc = Files.readString(Path.of("docs/protocol.md"));
        for (Problems.Type type : Problems.Type.values()) {
            String slug = type.uri().substring("urn:seriesflow:problem:".length());
            assertTrue(doc.contains("| " + type.status() + " | `" + slug + "` |"),
                    "docs/protocol.md lists problem " + slug + " with status " + type.status());
        }
    }

    @Test
    void everyErrorCodeIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs/protocol.md"));
        for (io.seriesflow.engine.CommandError error : io.seriesflow.engine.CommandError.values()) {
            assertTrue(doc.contains("| `" + error.wireName() + "` |"), "docs/protocol.md lists error "
                    + error.wireName());
        }
    }

    @Test
    void closeCodesForRefusalsAreDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs/protocol.md"));
        for (int code : new int[] {CloseReasons.BAD_REQUEST, CloseReasons.UNKNOWN_STREAM, 1009}) {
            assertTrue(doc.contains("| " + code + " |"), "close code " + code);
        }
    }
}
