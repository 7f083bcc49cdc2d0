package io.appfleet.desired.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

import io.appfleet.desired.manifest.AppDeployment.Wave;

/**
 * Which wave each device of a rollout belongs to. Devices are put in a stable pseudo-random order
 * (SHA-256 of deployment name and device id), so wave 1 is a spread sample of the fleet rather than
 * the alphabetically first devices of one site, and the same devices come first each time the same
 * deployment rolls out. Waves are cumulative; the last one always takes every device, so a rollout
 * whose last wave is a count or a percentage below 100 still ends with the whole target set.
 */
public final class WavePlan {

    private WavePlan() {
    }

    /** One device's place in the rollout: its wave (1-based) and its release order. */
    public record Slot(String deviceId, int wave, int rank) {
    }

    /** The cumulative device count of each wave for {@code total} devices; the last is {@code total}. */
    public static int[] cumulativeSizes(List<Wave> waves, int total) {
        int[] sizes = new int[waves.size()];
        int previous = 0;
        for (int i = 0; i < waves.size(); i++) {
            Wave w = waves.get(i);
            int n = w.count() != null ? w.count()
                    : (int) Math.ceil(w.percent() * (double) total / 100.0);
            n = Math.min(total, Math.max(n, previous));
            if (total > 0 && n == 0) {
                n = 1; // a first wave of "1%" of a small fleet is one device, not none
            }
            sizes[i] = n;
            previous = n;
        }
        if (sizes.length > 0) {
            sizes[sizes.length - 1] = total;
        }
        return sizes;
    }

    /** Every device with its wave and rank, in release order. */
    public static List<Slot> assign(String deployment, Collection<String> deviceIds, List<Wave> waves) {
        List<String> ordered = order(deployment, deviceIds);
        int[] sizes = cumulativeSizes(waves, ordered.size());
        List<Slot> out = new ArrayList<>(ordered.size());
        int wave = 0;
        for (int rank = 0; rank < ordered.size(); rank++) {
            while (rank >= sizes[wave]) {
                wave++;
            }
            out.add(new Slot(ordered.get(rank), wave + 1, rank));
        }
        return out;
    }

    static List<String> order(String deployment, Collection<String> deviceIds) {
        MessageDigest sha = sha256();
        Map<String, Long> keys = new HashMap<>();
        for (String id : deviceIds) {
            sha.reset();
            byte[] d = sha.digest((deployment + "/" + id).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) {
                k = (k << 8) | (d[i] & 0xff);
            }
            keys.put(id, k);
        }
        List<String> out = new ArrayList<>(deviceIds);
        out.sort(Comparator.<String>comparingLong(keys::get).thenComparing(Comparator.naturalOrder()));
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
