package io.appfleet.desired.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManifestJsonTest {

    @Test
    void canonicalJsonRoundTripsAndIgnoresLayout() {
        for (String file : new String[] { "perfsonar.yaml", "infix-image.json", "xr-absent.yaml", "vpg-rate.yaml" }) {
            AppDeployment m = ManifestReader.read(ManifestValidatorTest.resource(file),
                    ManifestFormat.ofFileName(file));
            AppDeployment again = ManifestReader.fromStored(ManifestJson.toJson(m));
            assertThat(again).as(file).isEqualTo(m);
            assertThat(ManifestJson.digest(again)).isEqualTo(ManifestJson.digest(m));
        }
        String a = ManifestValidatorTest.manifest(ManifestValidatorTest.APP
                + "    env: {B: \"2\", A: \"1\"}\n" + ManifestValidatorTest.TARGETS);
        String b = "# the same, written differently\n" + ManifestValidatorTest.manifest(ManifestValidatorTest.TARGETS
                + ManifestValidatorTest.APP + "    env:\n      A: \"1\"\n      B: \"2\"\n").replace("\n", "\n\n");
        assertThat(ManifestJson.digest(ManifestReader.read(b, ManifestFormat.YAML)))
                .isEqualTo(ManifestJson.digest(ManifestReader.read(a, ManifestFormat.YAML)));
        assertThat(ManifestJson.digest(ManifestReader.read(a.replace("\"2\"", "\"3\""), ManifestFormat.YAML)))
                .isNotEqualTo(ManifestJson.digest(ManifestReader.read(a, ManifestFormat.YAML)));
    }
}
