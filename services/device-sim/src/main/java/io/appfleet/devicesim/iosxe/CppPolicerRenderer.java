package io.appfleet.devicesim.iosxe;

import java.util.List;

/**
 * {@code show platform hardware fed switch active qos queue stats internal cpu policer} in the
 * 17.x layout of fixture iosxe-cpp-policer-stats-1.txt. Only PlcIdx 10 (sys-data) carries live
 * counters; the other classes are static as in the captured sample.
 */
final class CppPolicerRenderer {

    record Queue(int qid, int policerIndex, String name, int defaultRate, int level2) {
    }

    record CppClass(int policerIndex, String name, String queues) {
    }

    static final int SYS_DATA = 10;
    /** The sys-data queue the simulated app traffic is punted to. */
    static final String APP_QUEUE = "Exception";

    static final List<Queue> QUEUES = List.of(
            q(0, 11, "DOT1X Auth", 1000, 21),
            q(1, 1, "L2 Control", 2000, 20),
            q(2, 14, "Forus traffic", 4000, 21),
            q(3, 0, "ICMP GEN", 750, 21),
            q(4, 2, "Routing Control", 5500, 20),
            q(5, 14, "Forus Address resolution", 4000, 21),
            q(6, 0, "ICMP Redirect", 750, 21),
            q(7, 16, "Inter FED Traffic", 2000, -1),
            q(8, 4, "L2 LVX Cont Pack", 1000, 21),
            q(9, 19, "EWLC Control", 13000, -1),
            q(10, 16, "EWLC Data", 2000, -1),
            q(11, 13, "L2 LVX Data Pack", 1000, 21),
            q(12, 0, "BROADCAST", 750, 21),
            q(13, 10, "Openflow", 250, 21),
            q(14, 13, "Sw forwarding", 1000, 21),
            q(15, 8, "Topology Control", 16000, 20),
            q(16, 12, "Proto Snooping", 2000, 21),
            q(17, 6, "DHCP Snooping", 500, -1),
            q(18, 13, "Transit Traffic", 1000, 21),
            q(19, 10, "RPF Failed", 250, 21),
            q(20, 15, "MCAST END STATION", 2000, 21),
            q(21, 13, "LOGGING", 1000, 21),
            q(22, 7, "Punt Webauth", 1000, 21),
            q(23, 18, "High Rate App", 13000, -1),
            q(24, 10, "Exception", 250, 21),
            q(25, 3, "System Critical", 1000, -1),
            q(26, 10, "NFL SAMPLED DATA", 250, 21),
            q(27, 2, "Low Latency", 5500, 20),
            q(28, 10, "EGR Exception", 250, 21),
            q(29, 5, "Stackwise Virtual OOB", 8000, -1),
            q(30, 9, "MCAST Data", 500, 21),
            q(31, 3, "Gold Pkt", 1000, -1)
    );

    static final List<CppClass> CLASSES = List.of(
            c(0, "system-cpp-police-data", "ICMP GEN/ BROADCAST/ ICMP Redirect/"),
            c(10, "system-cpp-police-sys-data", "Openflow/ Exception/ EGR Exception/ NFL SAMPLED DATA/ RPF Failed/"),
            c(13, "system-cpp-police-sw-forward", "Sw forwarding/ LOGGING/ L2 LVX Data Pack/ Transit Traffic/"),
            c(9, "system-cpp-police-multicast", "MCAST Data/"),
            c(15, "system-cpp-police-multicast-end-station", "MCAST END STATION /"),
            c(7, "system-cpp-police-punt-webauth", "Punt Webauth/"),
            c(1, "system-cpp-police-l2-control", "L2 Control/"),
            c(2, "system-cpp-police-routing-control", "Routing Control/ Low Latency/"),
            c(3, "system-cpp-police-system-critical", "System Critical/ Gold Pkt/"),
            c(4, "system-cpp-police-l2lvx-control", "L2 LVX Cont Pack/"),
            c(8, "system-cpp-police-topology-control", "Topology Control/"),
            c(11, "system-cpp-police-dot1x-auth", "DOT1X Auth/"),
            c(12, "system-cpp-police-protocol-snooping", "Proto Snooping/"),
            c(6, "system-cpp-police-dhcp-snooping", "DHCP Snooping/"),
            c(14, "system-cpp-police-forus", "Forus Address resolution/ Forus traffic/"),
            c(5, "system-cpp-police-stackwise-virt-control", "Stackwise Virtual OOB/"),
            c(16, "system-cpp-default", "Inter FED Traffic/ EWLC Data/"),
            c(18, "system-cpp-police-high-rate-app", "High Rate App/"),
            c(19, "system-cpp-police-ewlc-control", "EWLC Control/"),
            c(20, "system-cpp-police-ios-routing", "L2 Control/ Topology Control/ Routing Control/ Low Latency/"),
            c(21, "system-cpp-police-ios-feature", "ICMP GEN/ BROADCAST/ ICMP Redirect/ L2 LVX Cont Pack/ Proto Snooping/ Punt Webauth/ MCAST Data/ Transit Traffic/ DOT1X Auth/ Sw forwarding/ LOGGING/ L2 LVX Data Pack/ Forus traffic/ Forus Address resolution/ MCAST END STATION / Openflow/ Exception/ EGR Exception/ NFL SAMPLED DATA/ RPF Failed/")
    );

    private CppPolicerRenderer() {
    }

    private static Queue q(int qid, int idx, String name, int rate, int level2) {
        return new Queue(qid, idx, name, rate, level2);
    }

    private static CppClass c(int idx, String name, String queues) {
        return new CppClass(idx, name, queues);
    }

    static String render(CppPolicer p) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n                         CPU Queue Statistics\n");
        sb.append("=".repeat(92)).append('\n');
        sb.append("                                              (default) (set)     Queue        Queue\n");
        sb.append("QId PlcIdx  Queue Name                Enabled   Rate     Rate      Drop(Bytes)  Drop(Frames)\n");
        sb.append("-".repeat(92)).append('\n');
        for (Queue q : QUEUES) {
            boolean sys = q.policerIndex == SYS_DATA;
            int defaultRate = sys ? p.defaultRate() : q.defaultRate;
            int setRate = sys ? p.rate() : q.defaultRate;
            boolean enabled = !sys || p.enabled();
            boolean live = sys && q.name.equals(APP_QUEUE);
            row(sb).left(q.qid, 4).left(q.policerIndex, 6).left(q.name, 27).left(enabled ? "Yes" : "No", 7).left(defaultRate, 9)
                    .left(setRate, 8).left(live ? p.dropBytes() : 0, 12).last(live ? p.dropFrames() : 0);
        }
        sb.append("\n* NOTE: CPU queue policer rates are configured to the closest hardware supported value\n\n");
        sb.append("                      CPU Queue Policer Statistics\n");
        sb.append("=".repeat(68)).append('\n');
        sb.append("Policer    Policer Accept   Policer Accept  Policer Drop  Policer Drop\n");
        sb.append("  Index         Bytes          Frames        Bytes          Frames\n");
        sb.append("-".repeat(67)).append('\n');
        for (int i = 0; i <= 19; i++) {
            boolean sys = i == SYS_DATA;
            policerRow(sb, i, sys ? p.acceptBytes() : 0, sys ? p.acceptFrames() : 0, sys ? p.dropBytes() : 0,
                    sys ? p.dropFrames() : 0);
        }
        sb.append("\n                  Second Level Policer Statistics\n");
        sb.append("=".repeat(68)).append('\n');
        policerRow(sb, 20, 0, 0, 0, 0);
        policerRow(sb, 21, 0, 0, 0, 0);
        sb.append("\nPolicer Index Mapping and Settings\n");
        sb.append("-".repeat(68)).append('\n');
        sb.append("level-2   :   level-1                      (default)   (set)\n");
        sb.append("PlcIndex  :   PlcIndex                       rate      rate\n");
        sb.append("-".repeat(68)).append('\n');
        sb.append("20        :   1  2  8                        17000     17000\n");
        sb.append("21        :   0 4 7 9 10 11 12 13 14 15      6000      6000\n");
        sb.append("=".repeat(68)).append('\n');
        sb.append("\n               Second Level Policer Config\n");
        sb.append("=".repeat(68)).append('\n');
        sb.append("    level-1 level-2                            level-2\n");
        sb.append("QId PlcIdx  PlcIdx  Queue Name                 Enabled\n");
        sb.append("-".repeat(68)).append('\n');
        for (Queue q : QUEUES) {
            row(sb).left(q.qid, 4).left(q.policerIndex, 7).left(q.level2 < 0 ? "-" : Integer.toString(q.level2), 7)
                    .left(q.name, 27).last(q.level2 < 0 ? "No" : "Yes");
        }
        sb.append("\n                        CPP Classes to queue map\n");
        sb.append("=".repeat(86)).append('\n');
        sb.append("PlcIdx CPP Class                                :  Queues\n");
        sb.append("-".repeat(86)).append('\n');
        for (CppClass c : CLASSES) {
            row(sb).left(c.policerIndex, 6).left(c.name, 40).left(":", 1).append(' ').last(c.queues);
        }
        return sb.toString();
    }

    private static void policerRow(StringBuilder sb, long index, long acceptBytes, long acceptFrames, long dropBytes,
                                   long dropFrames) {
        row(sb).left(index, 10).left(acceptBytes, 16).left(acceptFrames, 15).left(dropBytes, 13).last(dropFrames);
    }

    private static Row row(StringBuilder sb) {
        return new Row(sb);
    }

    /**
     * A table row as String.format("%-Nd %-Ns ... %d%n") would print it, without parsing a format
     * string per row: the table is rendered on every read of the counters (each reconcile pass).
     */
    private record Row(StringBuilder sb) {
        /** The value left-justified in {@code width} columns, then the separating space. */
        Row left(Object value, int width) {
            String s = String.valueOf(value);
            sb.append(s);
            for (int i = s.length(); i < width; i++) {
                sb.append(' ');
            }
            sb.append(' ');
            return this;
        }

        Row append(char c) {
            sb.append(c);
            return this;
        }

        void last(Object value) {
            sb.append(value).append(System.lineSeparator());
        }
    }
}
