package io.appfleet.drivers.qga;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameDecoderTest {

    private final FrameDecoder decoder = new FrameDecoder();

    @Test
    void objectSplitAcrossReadsIsReassembled() throws Exception {
        feed("{\"return\": [{\"cpu\": 0, \"us");
        assertThat(drain()).isEmpty();
        feed("er\": 2048");
        feed("280}]}\n");
        assertThat(drain()).containsExactly("{\"return\": [{\"cpu\": 0, \"user\": 2048280}]}");
    }

    @Test
    void severalObjectsInOneReadComeOutInOrder() throws Exception {
        feed("{\"return\": 1}{\"return\": {}}\n{\"error\": {\"class\": \"GenericError\"}}");
        assertThat(drain()).containsExactly("{\"return\": 1}", "{\"return\": {}}",
                "{\"error\": {\"class\": \"GenericError\"}}");
    }

    @Test
    void bracesAndQuotesInsideStringsDoNotEndTheObject() throws Exception {
        feed("{\"desc\": \"a } and a \\\" and { [\", \"x\": \"\\\\\"}");
        assertThat(drain()).containsExactly("{\"desc\": \"a } and a \\\" and { [\", \"x\": \"\\\\\"}");
    }

    @Test
    void markerIsAFrameOfItsOwn() throws Exception {
        decoder.feed(new byte[] {'{', '}', (byte) 0xFF, '{', '}'}, 0, 5);
        List<Frame> frames = frames();
        assertThat(frames).hasSize(3);
        assertThat(frames.get(1)).isInstanceOf(Frame.Marker.class);
    }

    @Test
    void markerInsideAnObjectDropsTheTruncatedObject() throws Exception {
        feed("{\"return\": [1, 2");
        decoder.feed(new byte[] {(byte) 0xFF}, 0, 1);
        feed("{\"return\": 7}");
        List<Frame> frames = frames();
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isInstanceOf(Frame.Marker.class);
        assertThat(((Frame.Json) frames.get(1)).text()).isEqualTo("{\"return\": 7}");
    }

    @Test
    void garbageBetweenObjectsIsSkippedAndCounted() throws Exception {
        feed("login: \r\n{\"return\": 1} ]]junk");
        assertThat(drain()).containsExactly("{\"return\": 1}");
        assertThat(decoder.garbageBytes()).isEqualTo(12);
    }

    @Test
    void resetForgetsAHalfObject() throws Exception {
        feed("{\"return\": [");
        decoder.reset();
        feed("{\"return\": 2}");
        assertThat(drain()).containsExactly("{\"return\": 2}");
    }

    @Test
    void anEndlessObjectIsRefusedInsteadOfFillingMemory() {
        byte[] chunk = new byte[1024 * 1024];
        java.util.Arrays.fill(chunk, (byte) '[');
        chunk[0] = '{';
        assertThatThrownBy(() -> {
            for (int i = 0; i < 11; i++) {
                decoder.feed(chunk, 0, chunk.length);
            }
        }).isInstanceOf(QgaProtocolException.class).hasMessageContaining("exceeds");
    }

    private void feed(String s) throws QgaProtocolException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        decoder.feed(b, 0, b.length);
    }

    private List<Frame> frames() {
        List<Frame> out = new ArrayList<>();
        Frame f;
        while ((f = decoder.next()) != null) {
            out.add(f);
        }
        return out;
    }

    private List<String> drain() {
        return frames().stream().map(f -> f instanceof Frame.Json j ? j.text() : "<FF>").toList();
    }
}
