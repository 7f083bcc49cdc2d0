package io.appfleet.drivers.infix;

import com.fasterxml.jackson.databind.JsonNode;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;

/**
 * The configuration of one Infix container (list `container` of infix-containers, config true
 * leaves only): what the driver reads back from the running datastore and later PUTs.
 * Absent optional leaves are null (the device then applies the model defaults: enabled true,
 * restart-policy always, mount read-only true), absent lists are empty.
 */
public record ContainerConfig(String name, String image, Boolean enabled, String command, String hostname,
                              Boolean privileged, String restartPolicy, Boolean manual, ContainerNetwork network,
                              List<Env> env, List<Mount> mounts, List<Volume> volumes, Capabilities capabilities,
                              ResourceLimit resourceLimit, Checksum checksum) {

    public record Env(String key, String value) {
    }

    /** A bind/glob mount from {@code source}, or a file made from base64 {@code content}. */
    public record Mount(String name, String type, String source, String content, String target, String mode,
                        Boolean readOnly) {
    }

    public record Volume(String name, String target) {
    }

    public record Capabilities(List<String> add, List<String> drop) {
    }

    /** memory in KiB, cpu in millicores (1000 = one core). */
    public record ResourceLimit(Long memoryKib, Long cpuMillicores) {
    }

    /** Expected image checksum for ftp/http images; one of the three is set. */
    public record Checksum(String md5, String sha256, String sha512) {
    }

    /** All containers of a config document: a PATCH/PUT body, a datastore dump, or a bare fragment. */
    public static List<ContainerConfig> parseAll(String json) {
        List<ContainerConfig> out = new ArrayList<>();
        for (ContainerList.Entry e : ContainerList.entries(YangJson.read(wrapFragment(json)))) {
            out.add(from(e.node(), e.path()));
        }
        return List.copyOf(out);
    }

    /**
     * Infix docs show config as a fragment (`"infix-containers:containers": {…}` with no outer
     * braces) meant to be pasted into a larger document; a text that begins with a quoted
     * member name is such a fragment and gets the braces it lacks.
     */
    static String wrapFragment(String json) {
        if (json != null && json.stripLeading().startsWith("\"")) {
            return "{" + json + "\n}";
        }
        return json;
    }

    static ContainerConfig from(JsonNode c, String p) {
        List<Env> env = new ArrayList<>();
        List<JsonNode> envs = YangJson.array(c, "env", p);
        for (int i = 0; i < envs.size(); i++) {
            String ep = p + "/env/" + i;
            env.add(new Env(YangJson.requiredString(envs.get(i), "key", ep), YangJson.string(envs.get(i), "value", ep)));
        }
        List<Mount> mounts = new ArrayList<>();
        List<JsonNode> ms = YangJson.array(c, "mount", p);
        for (int i = 0; i < ms.size(); i++) {
            JsonNode m = ms.get(i);
            String mp = p + "/mount/" + i;
            Mount mount = new Mount(YangJson.requiredString(m, "name", mp), YangJson.string(m, "type", mp),
                    YangJson.string(m, "source", mp), YangJson.string(m, "content", mp),
                    YangJson.requiredString(m, "target", mp), YangJson.string(m, "mode", mp),
                    YangJson.bool(m, "read-only", mp));
            if (mount.source() != null && mount.content() != null) {
                // A YANG choice: the device would refuse both, so do not let such a config through.
                throw new ParseException("mount has both 'source' and 'content' at JSON " + mp);
            }
            mounts.add(mount);
        }
        List<Volume> volumes = new ArrayList<>();
        List<JsonNode> vs = YangJson.array(c, "volume", p);
        for (int i = 0; i < vs.size(); i++) {
            String vp = p + "/volume/" + i;
            volumes.add(new Volume(YangJson.requiredString(vs.get(i), "name", vp),
                    YangJson.requiredString(vs.get(i), "target", vp)));
        }
        JsonNode caps = YangJson.object(c, "capabilities", p);
        JsonNode limit = YangJson.object(c, "resource-limit", p);
        JsonNode sum = YangJson.object(c, "checksum", p);
        return new ContainerConfig(YangJson.requiredString(c, "name", p), YangJson.requiredString(c, "image", p),
                YangJson.bool(c, "enabled", p), YangJson.string(c, "command", p), YangJson.string(c, "hostname", p),
                YangJson.bool(c, "privileged", p), YangJson.string(c, "restart-policy", p),
                YangJson.bool(c, "manual", p), ContainerNetwork.from(c, p), List.copyOf(env), List.copyOf(mounts),
                List.copyOf(volumes),
                caps == null ? null : new Capabilities(YangJson.strings(caps, "add", p + "/capabilities"),
                        YangJson.strings(caps, "drop", p + "/capabilities")),
                limit == null ? null : new ResourceLimit(YangJson.integer(limit, "memory", p + "/resource-limit"),
                        YangJson.integer(limit, "cpu", p + "/resource-limit")),
                sum == null ? null : new Checksum(YangJson.string(sum, "md5", p + "/checksum"),
                        YangJson.string(sum, "sha256", p + "/checksum"), YangJson.string(sum, "sha512", p + "/checksum")));
    }
}
