package io.appfleet.fleetctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.appfleet.fleetctl.ManifestFiles.Manifest;

class ManifestFilesTest {

    private static final InputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);

    private static InputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDirectoryGivesItsManifestFilesInNameOrderAndNothingElse(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.yml"), "kind: AppDeployment # b\n");
        Files.writeString(dir.resolve("a.yaml"), "kind: AppDeployment # a\n");
        Files.writeString(dir.resolve("c.json"), "{\"kind\": \"AppDeployment\"}");
        Files.writeString(dir.resolve("README.md"), "not a manifest");
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("nested/d.yaml"), "kind: AppDeployment # nested\n");

        List<Manifest> read = ManifestFiles.read(List.of(dir.toString()), NO_STDIN);
        assertThat(read).extracting(Manifest::source).containsExactly(dir.resolve("a.yaml").toString(),
                dir.resolve("b.yml").toString(), dir.resolve("c.json").toString());
        assertThat(read).extracting(Manifest::mediaType).containsExactly("application/yaml", "application/yaml",
                "application/json");
        assertThat(read.get(0).text()).isEqualTo("kind: AppDeployment # a\n");
    }

    @Test
    void filesKeepTheOrderGivenAndStdinIsReadOnce(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("one.json"), "{\"kind\": \"AppDeployment\"}");
        Path other = Files.writeString(dir.resolve("manifest.txt"), "  {\"kind\": \"AppDeployment\"}");
        List<Manifest> read = ManifestFiles.read(List.of("-", json.toString(), other.toString()),
                stdin("kind: AppDeployment\n"));
        assertThat(read).extracting(Manifest::source).containsExactly("<stdin>", json.toString(), other.toString());
        assertThat(read).extracting(Manifest::json).containsExactly(false, true, true);
        assertThat(read.get(0).text()).isEqualTo("kind: AppDeployment\n");

        assertThat(ManifestFiles.read(List.of("-"), stdin("\n{\"a\": 1}")).get(0).json()).isTrue();
        assertThatThrownBy(() -> ManifestFiles.read(List.of("-", "-"), NO_STDIN))
                .hasMessage("stdin (-f -) can be read only once");
    }

    @Test
    void aMultiDocumentYamlIsCutIntoItsDocumentsAsWritten() throws Exception {
        String first = "# the probe\napiVersion: appfleet/v1\nkind: AppDeployment\nmetadata: {name: one}\n"
                + "spec:\n  note: |\n    a block with --- inside\n    and 🚀 beyond the BMP\n";
        String second = "---\napiVersion: appfleet/v1\nmetadata:\n  name: two # named\n";
        String third = "--- {apiVersion: appfleet/v1, metadata: {name: three}}\n";
        List<Manifest> read = ManifestFiles.split("apps.yaml", first + second + "---\n# nothing here\n" + third
                + "...\n", false);
        assertThat(read).extracting(Manifest::source).containsExactly("apps.yaml (document 1)",
                "apps.yaml (document 2)", "apps.yaml (document 3)");
        assertThat(read.get(0).text()).isEqualTo(first.substring(first.indexOf("apiVersion")));
        assertThat(read.get(1).text()).isEqualTo(second);
        assertThat(read.get(2).text()).isEqualTo(third + "...");
        assertThat(read).extracting(Manifest::json).containsOnly(false);
    }

    @Test
    void oneDocumentIsSentWholeAndUnparsableYamlTooForTheServerToPlace() throws Exception {
        String one = "# comment\n---\nkind: AppDeployment\n---\n";
        assertThat(ManifestFiles.split("a.yaml", one, false)).containsExactly(new Manifest("a.yaml", one, false));
        String broken = "kind: AppDeployment\nspec: [\n---\nkind: x\n";
        assertThat(ManifestFiles.split("b.yaml", broken, false)).containsExactly(new Manifest("b.yaml", broken, false));
        String json = "{\"a\": 1}\n{\"b\": 2}";
        assertThat(ManifestFiles.split("c.json", json, true)).containsExactly(new Manifest("c.json", json, true));
    }

    @Test
    void unreadableInputIsNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ManifestFiles.read(List.of(dir.resolve("nope.yaml").toString()), NO_STDIN))
                .isInstanceOf(InputException.class).hasMessage("no such file or directory: " + dir.resolve("nope.yaml"));
        assertThatThrownBy(() -> ManifestFiles.read(List.of(dir.toString()), NO_STDIN))
                .hasMessage(dir + " holds no *.yaml, *.yml or *.json file");
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "\n\n");
        assertThatThrownBy(() -> ManifestFiles.read(List.of(empty.toString()), NO_STDIN))
                .hasMessage(empty + " is empty");
        Path comments = Files.writeString(dir.resolve("comments.yaml"), "# just\n---\n# comments\n");
        assertThatThrownBy(() -> ManifestFiles.read(List.of(comments.toString()), NO_STDIN))
                .hasMessage(comments + " holds no manifest (only comments or empty documents)");
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), new byte[] { 'a', ':', ' ', (byte) 0xe9 });
        assertThatThrownBy(() -> ManifestFiles.read(List.of(latin1.toString()), NO_STDIN))
                .hasMessage(latin1 + " is not UTF-8 text");
        assertThatThrownBy(() -> ManifestFiles.read(List.of(), NO_STDIN))
                .hasMessage("name the manifests with -f <file|directory|->");
    }
}
