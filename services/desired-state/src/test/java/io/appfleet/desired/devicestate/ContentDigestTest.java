package io.appfleet.desired.devicestate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;

import io.appfleet.proto.fleet.v1.CppPolicerSetting;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.DesiredSource;
import io.appfleet.proto.fleet.v1.DeviceSettings;

/**
 * The content digest decides whether a recomputed device is published again, and the stored digests
 * were written by earlier versions: a faster way of computing it must give the very same value.
 */
class ContentDigestTest {

    private static DesiredDeviceState computed() {
        return DesiredDeviceState.newBuilder().setDeviceId("sw-1")
                .addApps(ConfigDigestTest.app())
                .addApps(ConfigDigestTest.app().toBuilder().setAppId("agent").putEnv("C", "3").putEnv("D", "4"))
                .setSettings(DeviceSettings.newBuilder().addCppPolicers(CppPolicerSetting.newBuilder()
                        .setClassName("system-cpp-police-sys-data").setEnabled(false)))
                .setPruneUnmanaged(true)
                .setSource(DesiredSource.newBuilder().addDeploymentNames("agents").addDeploymentNames("p"))
                .build();
    }

    @Test
    void isTheDigestOfTheStateWithoutGenerationTimeAndRevision() throws Exception {
        DesiredDeviceState published = computed().toBuilder().setGeneration(7)
                .setComputedAt(Timestamp.newBuilder().setSeconds(1_764_000_000).setNanos(5))
                .setSource(computed().getSource().toBuilder().setRevision("p@3")).build();
        DesiredDeviceState withoutSource = computed().toBuilder().clearSource().build();
        DesiredDeviceState empty = DesiredDeviceState.newBuilder().setDeviceId("sw-2").build();
        for (DesiredDeviceState s : List.of(computed(), published, withoutSource, empty)) {
            assertThat(DesiredStatePublisher.contentDigest(s)).as("digest of %s", s).isEqualTo(reference(s));
        }
        assertThat(DesiredStatePublisher.contentDigest(published)).isEqualTo(DesiredStatePublisher.contentDigest(computed()));
        assertThat(DesiredStatePublisher.contentDigest(withoutSource))
                .isNotEqualTo(DesiredStatePublisher.contentDigest(computed()));
    }

    /** The digest as the first version computed it (and device_desired.content_digest holds it). */
    private static String reference(DesiredDeviceState state) throws Exception {
        DesiredDeviceState content = state.toBuilder().clearGeneration().clearComputedAt()
                .setSource(state.getSource().toBuilder().clearRevision()).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.useDeterministicSerialization();
        content.writeTo(out);
        out.flush();
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    }
}
