package io.appfleet.devicesim.iosxe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The CPP table rendered without String.format is the table String.format rendered, character for character. */
class CppPolicerRendererTest {

    @Test
    void rendersWhatTheFormatStringsRendered() {
        CppPolicer p = new CppPolicer(250, 0);
        assertThat(CppPolicerRenderer.render(p)).isEqualTo(formatted(p));
        p.advance(60_000, true);
        assertThat(CppPolicerRenderer.render(p)).isEqualTo(formatted(p));
        p.police(100);
        p.advance(3_600_000, true);
        assertThat(p.dropFrames()).isPositive();
        assertThat(CppPolicerRenderer.render(p)).isEqualTo(formatted(p));
        p.noPolice();
        p.advance(7_200_000, true);
        assertThat(CppPolicerRenderer.render(p)).isEqualTo(formatted(p));
    }

    /** The renderer as it was, with a String.format per row. */
    static String formatted(CppPolicer p) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n                         CPU Queue Statistics\n");
        sb.append("=".repeat(92)).append('\n');
        sb.append("                                              (default) (set)     Queue        Queue\n");
        sb.append("QId PlcIdx  Queue Name                Enabled   Rate     Rate      Drop(Bytes)  Drop(Frames)\n");
        sb.append("-".repeat(92)).append('\n');
        for (CppPolicerRenderer.Queue q : CppPolicerRenderer.QUEUES) {
            boolean sys = q.policerIndex() == CppPolicerRenderer.SYS_DATA;
            int defaultRate = sys ? p.defaultRate() : q.defaultRate();
            int setRate = sys ? p.rate() : q.defaultRate();
            boolean enabled = !sys || p.enabled();
            boolean live = sys && q.name().equals(CppPolicerRenderer.APP_QUEUE);
            sb.append(String.format("%-4d %-6d %-27s %-7s %-9d %-8d %-12d %d%n", q.qid(), q.policerIndex(), q.name(),
                    enabled ? "Yes" : "No", defaultRate, setRate, live ? p.dropBytes() : 0, live ? p.dropFrames() : 0));
        }
        sb.append("\n* NOTE: CPU queue policer rates are configured to the closest hardware supported value\n\n");
        sb.append("                      CPU Queue Policer Statistics\n");
        sb.append("=".repeat(68)).append('\n');
        sb.append("Policer    Policer Accept   Policer Accept  Policer Drop  Policer Drop\n");
        sb.append("  Index         Bytes          Frames        Bytes          Frames\n");
        sb.append("-".repeat(67)).append('\n');
        for (int i = 0; i <= 19; i++) {
            boolean sys = i == CppPolicerRenderer.SYS_DATA;
            sb.append(String.format("%-10d %-16d %-15d %-13d %d%n", i, sys ? p.acceptBytes() : 0,
                    sys ? p.acceptFrames() : 0, sys ? p.dropBytes() : 0, sys ? p.dropFrames() : 0));
        }
        sb.append("\n                  Second Level Policer Statistics\n");
        sb.append("=".repeat(68)).append('\n');
        sb.append(String.format("%-10d %-16d %-15d %-13d %d%n", 20, 0, 0, 0, 0));
        sb.append(String.format("%-10d %-16d %-15d %-13d %d%n", 21, 0, 0, 0, 0));
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
        for (CppPolicerRenderer.Queue q : CppPolicerRenderer.QUEUES) {
            sb.append(String.format("%-4d %-7d %-7s %-27s %s%n", q.qid(), q.policerIndex(),
                    q.level2() < 0 ? "-" : Integer.toString(q.level2()), q.name(), q.level2() < 0 ? "No" : "Yes"));
        }
        sb.append("\n                        CPP Classes to queue map\n");
        sb.append("=".repeat(86)).append('\n');
        sb.append("PlcIdx CPP Class                                :  Queues\n");
        sb.append("-".repeat(86)).append('\n');
        for (CppPolicerRenderer.CppClass c : CppPolicerRenderer.CLASSES) {
            sb.append(String.format("%-6d %-40s :  %s%n", c.policerIndex(), c.name(), c.queues()));
        }
        return sb.toString();
    }
}
