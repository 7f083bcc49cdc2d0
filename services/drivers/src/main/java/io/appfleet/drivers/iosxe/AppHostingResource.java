package io.appfleet.drivers.iosxe;

/** {@code show app-hosting resource}: what the platform still has for apps. */
public record AppHostingResource(CpuQuota cpu, Vcpu vcpu, Memory memory, Storage storageSpace) {

    public record Vcpu(Long count) {
    }

    public record Memory(Long quotaMb, Long availableMb) {
    }

    public record Storage(Long totalMb, Long availableMb) {
    }
}
