package io.appfleet.devicesim.ssh;

import io.appfleet.devicesim.SimulatedDevice;

import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.mac.Mac;

import java.util.List;

/**
 * The SSH ciphers and MACs a simulated device offers, as its platform and release do rather than
 * Apache MINA's defaults (which lead with chacha20-poly1305, a cipher none of these platforms
 * offers): IOS-XE 16.x has only AES-CTR (no GCM), IOS-XE 17.x and IOS-XR 7.x add AES-GCM
 * (OpenSSH's names), IOS-XR 6.x has AES-CTR; their MACs are the plain HMAC-SHA2/SHA1 ones, no
 * encrypt-then-MAC variants. A client that offers none of these cannot log in, as on the device.
 */
final class DeviceAlgorithms {

    private static final List<NamedFactory<Cipher>> CTR = List.of(
            BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr);
    private static final List<NamedFactory<Cipher>> GCM_AND_CTR = List.of(
            BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm,
            BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr);
    private static final List<NamedFactory<Mac>> MACS = List.of(
            BuiltinMacs.hmacsha256, BuiltinMacs.hmacsha512, BuiltinMacs.hmacsha1);

    private DeviceAlgorithms() {
    }

    static List<NamedFactory<Cipher>> ciphers(SimulatedDevice d) {
        return major(d.osVersion()) >= (d.platform() == SimulatedDevice.Platform.IOSXE ? 17 : 7) ? GCM_AND_CTR : CTR;
    }

    static List<NamedFactory<Mac>> macs(SimulatedDevice d) {
        return MACS;
    }

    private static int major(String version) {
        String digits = version == null ? "" : version.strip().split("[^0-9]", 2)[0];
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }
}
