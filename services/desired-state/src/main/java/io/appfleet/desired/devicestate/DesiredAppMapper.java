package io.appfleet.desired.devicestate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.Duration;

import io.appfleet.desired.manifest.AppDeployment;
import io.appfleet.desired.manifest.AppDeployment.App;
import io.appfleet.desired.manifest.AppDeployment.CppPolicer;
import io.appfleet.desired.manifest.AppDeployment.GuestInterface;
import io.appfleet.desired.manifest.AppDeployment.Network;
import io.appfleet.desired.manifest.Durations;
import io.appfleet.proto.fleet.v1.AppNetwork;
import io.appfleet.proto.fleet.v1.AppPackage;
import io.appfleet.proto.fleet.v1.AppResources;
import io.appfleet.proto.fleet.v1.ContainerImage;
import io.appfleet.proto.fleet.v1.CppPolicerSetting;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.HealthCheck;
import io.appfleet.proto.fleet.v1.NetworkMode;

/** A manifest's app as the {@code fleet.desired.v1} contract carries it, with its config digest. */
public final class DesiredAppMapper {

    /**
     * The last results, by manifest instance and revision. A change computes the same app for every device a
     * deployment targets (10,000 times in a large apply, and again in each of its passes), and building it,
     * config digest included, was a fifth of the apply's CPU time. Manifests and protobuf messages are
     * immutable, so a result can be shared; the manifest instances come from {@link ActiveDeployments}'
     * cache or from the request being applied, so a few entries cover every claim of a computation.
     */
    private static final int CACHED = 256;
    private static final Map<Key, DesiredApp> CACHE = new ConcurrentHashMap<>();

    private DesiredAppMapper() {
    }

    public static DesiredApp toProto(AppDeployment manifest, long revision) {
        Key key = new Key(manifest, revision);
        DesiredApp app = CACHE.get(key);
        if (app == null) {
            app = build(manifest, revision);
            if (CACHE.size() >= CACHED) {
                CACHE.clear();
            }
            CACHE.put(key, app);
        }
        return app;
    }

    /** Identity of the manifest instance: comparing two manifests field by field would cost about as much as building. */
    private record Key(AppDeployment manifest, long revision) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.manifest == manifest && k.revision == revision;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(manifest) + Long.hashCode(revision);
        }
    }

    private static DesiredApp build(AppDeployment manifest, long revision) {
        App app = manifest.spec().app();
        DesiredApp.Builder b = DesiredApp.newBuilder()
                .setAppId(app.id())
                .setDeploymentName(manifest.name())
                .setDeploymentRevision(revision)
                .setState(switch (manifest.spec().state()) {
                    case RUNNING -> DesiredAppState.DESIRED_APP_STATE_RUNNING;
                    case STOPPED -> DesiredAppState.DESIRED_APP_STATE_STOPPED;
                    case ABSENT -> DesiredAppState.DESIRED_APP_STATE_ABSENT;
                });
        if (app.pkg() != null) {
            AppPackage.Builder p = AppPackage.newBuilder().setUrl(app.pkg().url()).setSha256(app.pkg().sha256());
            if (app.pkg().sizeBytes() != null) {
                p.setSizeBytes(app.pkg().sizeBytes());
            }
            if (app.pkg().version() != null) {
                p.setVersion(app.pkg().version());
            }
            b.setPackage(p);
        } else if (app.image() != null) {
            ContainerImage.Builder i = ContainerImage.newBuilder().setReference(app.image().reference());
            if (app.image().sha256() != null) {
                i.setSha256(app.image().sha256());
            }
            b.setImage(i);
        }
        if (app.resources() != null) {
            b.setResources(AppResources.newBuilder().setVcpu(app.resources().vcpu())
                    .setCpuUnits(app.resources().cpuUnits()).setMemoryMib(app.resources().memoryMb())
                    .setDiskMib(app.resources().diskMb()));
        }
        b.addAllRunOpts(app.runOpts());
        b.putAllEnv(new TreeMap<>(app.env()));
        if (app.network() != null) {
            b.setNetwork(network(app.network()));
        }
        if (app.healthCheck() != null) {
            HealthCheck.Builder h = HealthCheck.newBuilder();
            if (app.healthCheck().startupGrace() != null) {
                h.setStartupGrace(Duration.newBuilder()
                        .setSeconds(Durations.parse(app.healthCheck().startupGrace()).getSeconds()));
            }
            h.setUseDeviceProbe(Boolean.TRUE.equals(app.healthCheck().useDeviceProbe()));
            h.setRequireGuestAgent(Boolean.TRUE.equals(app.healthCheck().requireGuestAgent()));
            b.setHealthCheck(h);
        }
        if (app.command() != null) {
            b.setCommand(app.command());
        }
        if (app.guestAgent() != null) {
            io.appfleet.proto.fleet.v1.GuestAgent.Builder g = io.appfleet.proto.fleet.v1.GuestAgent.newBuilder()
                    .setSocket(app.guestAgent().socket());
            if (app.guestAgent().host() != null) {
                g.setHost(app.guestAgent().host());
            }
            if (app.guestAgent().port() != null) {
                g.setPort(app.guestAgent().port());
            }
            b.setGuestAgent(g);
        }
        return b.setConfigDigest(ConfigDigest.of(b.build())).build();
    }

    /** The manifest's CPP policer settings, sorted by class name. */
    public static List<CppPolicerSetting> cppPolicers(AppDeployment manifest) {
        List<CppPolicerSetting> out = new ArrayList<>();
        if (manifest.spec().devicePolicy() == null) {
            return out;
        }
        for (Map.Entry<String, CppPolicer> e : new TreeMap<>(manifest.spec().devicePolicy().cppPolicers()).entrySet()) {
            CppPolicerSetting.Builder s = CppPolicerSetting.newBuilder().setClassName(e.getKey())
                    .setEnabled(e.getValue().enabled());
            if (e.getValue().ratePps() != null) {
                s.setRatePps(e.getValue().ratePps());
            }
            out.add(s.build());
        }
        return out;
    }

    private static AppNetwork network(Network n) {
        AppNetwork.Builder b = AppNetwork.newBuilder().setMode(switch (n.mode()) {
            case MANAGEMENT -> NetworkMode.NETWORK_MODE_MANAGEMENT;
            case APPGIGABIT_TRUNK -> NetworkMode.NETWORK_MODE_APPGIGABIT_TRUNK;
            case APPGIGABIT_VLAN_ACCESS -> NetworkMode.NETWORK_MODE_APPGIGABIT_VLAN_ACCESS;
            case VIRTUAL_PORT_GROUP -> NetworkMode.NETWORK_MODE_VIRTUAL_PORT_GROUP;
            case HOST -> NetworkMode.NETWORK_MODE_HOST;
            case HOST_INTERFACES -> NetworkMode.NETWORK_MODE_HOST_INTERFACES;
        });
        List<GuestInterface> byIndex = new ArrayList<>(n.interfaces());
        // The adapter treats the first interface as the app's primary one: the lowest index.
        byIndex.sort(java.util.Comparator.comparingInt(GuestInterface::index));
        for (GuestInterface g : byIndex) {
            io.appfleet.proto.fleet.v1.GuestInterface.Builder i = io.appfleet.proto.fleet.v1.GuestInterface.newBuilder()
                    .setIndex(g.index());
            if (g.vlan() != null) {
                i.setVlanId(g.vlan());
            }
            if (g.ipv4() != null) {
                String[] cidr = g.ipv4().split("/");
                i.setIpv4Address(cidr[0]).setIpv4PrefixLength(Integer.parseInt(cidr[1]));
            }
            if (g.gateway() != null) {
                i.setIpv4Gateway(g.gateway());
            }
            if (g.ipv6() != null) {
                int slash = g.ipv6().lastIndexOf('/');
                i.setIpv6Address(g.ipv6().substring(0, slash))
                        .setIpv6PrefixLength(Integer.parseInt(g.ipv6().substring(slash + 1)));
            }
            if (g.mac() != null) {
                i.setMacAddress(g.mac());
            }
            if (g.hostInterface() != null) {
                i.setHostInterface(g.hostInterface());
            }
            b.addInterfaces(i);
        }
        if (n.virtualPortGroup() != null) {
            b.setVirtualPortGroup(n.virtualPortGroup());
        }
        b.addAllDnsServers(n.dns());
        b.addAllPublishedPorts(n.publishedPorts());
        return b.build();
    }
}
