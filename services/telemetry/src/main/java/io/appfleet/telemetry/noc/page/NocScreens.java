package io.appfleet.telemetry.noc.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.appfleet.platform.problem.ProblemException;
import io.appfleet.telemetry.fleet.AppDetail;
import io.appfleet.telemetry.fleet.DeviceDetail;
import io.appfleet.telemetry.fleet.DeviceEvent;
import io.appfleet.telemetry.fleet.DeviceFilter;
import io.appfleet.telemetry.fleet.DeviceSummary;
import io.appfleet.telemetry.fleet.FleetSummary;
import io.appfleet.telemetry.fleet.FleetView;
import io.appfleet.telemetry.fleet.LastError;
import io.appfleet.telemetry.fleet.Page;
import io.appfleet.telemetry.fleet.ReconcileEventStore;
import io.appfleet.telemetry.noc.ApiParams;
import io.appfleet.telemetry.noc.Paging;
import io.appfleet.telemetry.noc.cpp.CppDropTotals;
import io.appfleet.telemetry.noc.cpp.CppDropper;
import io.appfleet.telemetry.noc.cpp.CppDrops;
import io.appfleet.telemetry.noc.rollouts.RolloutView;
import io.appfleet.telemetry.noc.series.DeviceSeries;
import io.appfleet.telemetry.noc.series.SeriesMetric;
import io.appfleet.telemetry.noc.series.SeriesRequest;
import io.appfleet.telemetry.noc.series.SeriesStore;
import io.appfleet.telemetry.noc.series.Step;

/**
 * Builds what the NOC pages show from the fleet view and the database. The fleet view is in memory
 * and always answers; what comes from PostgreSQL (CPP drops, events, charts) is left out with a note
 * when the database does not answer, so the wall screen keeps showing the fleet.
 */
@ApplicationScoped
public class NocScreens {

    private static final Logger LOG = Logger.getLogger(NocScreens.class);

    /** Rollouts on the fleet page; the others are counted ("and 3 more"). */
    static final int ROLLOUTS_SHOWN = 8;
    static final int DROPPERS_SHOWN = 5;
    static final Duration DROPPERS_WINDOW = Duration.ofMinutes(15);
    static final int PAGE_SIZE = 25;
    static final int EVENTS_SHOWN = 15;
    static final int CHART_LINES = 8;
    static final Duration CHART_MIN_SPAN = Duration.ofMinutes(10);

    @Inject
    FleetView view;
    @Inject
    CppDrops cpp;
    @Inject
    ReconcileEventStore events;
    @Inject
    SeriesStore series;

    @ConfigProperty(name = "appfleet.telemetry.noc.refresh", defaultValue = "3s")
    Duration refresh;

    /** The fleet page's query: the device table's filters and page, as given (null when absent). */
    public record FleetQuery(String platform, String site, String label, String sync, String health,
            String reachability, String page, String size) {

        /** The query string of this query at another page ({@code ?} included; empty values left out). */
        String link(int toPage) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("platform", platform);
            q.put("site", site);
            q.put("label", label);
            q.put("sync", sync);
            q.put("health", health);
            q.put("reachability", reachability);
            q.put("size", size);
            q.put("page", toPage == 0 ? null : Integer.toString(toPage));
            StringJoiner j = new StringJoiner("&", "?", "").setEmptyValue("");
            q.forEach((k, v) -> {
                if (v != null && !v.isBlank()) {
                    j.add(k + "=" + URLEncoder.encode(v.strip(), StandardCharsets.UTF_8));
                }
            });
            return "/noc" + j;
        }

        boolean filtered() {
            for (String v : new String[] {platform, site, label, sync, health, reachability}) {
                if (v != null && !v.isBlank()) {
                    return true;
                }
            }
            return false;
        }
    }

    public FleetScreen fleet(FleetQuery q, Instant now) {
        FleetSummary summary = view.summary();
        CppDropTotals drops = null;
        List<CppDropper> droppers = List.of();
        try {
            drops = cpp.totals();
            List<CppDropper> all = cpp.topDroppers(DROPPERS_WINDOW);
            droppers = all.subList(0, Math.min(DROPPERS_SHOWN, all.size()));
        } catch (RuntimeException e) {
            LOG.warnf("NOC page without CPP drops: %s", e.getMessage());
        }
        List<RolloutView> rollouts = view.rollouts().stream().map(RolloutView::of)
                .sorted(Comparator.comparingInt(RolloutView::attentionRank).thenComparing(RolloutView::deployment))
                .toList();
        int more = Math.max(0, rollouts.size() - ROLLOUTS_SHOWN);
        rollouts = rollouts.subList(0, Math.min(ROLLOUTS_SHOWN, rollouts.size()));

        String error = null;
        List<FleetScreen.DeviceRow> rows = new ArrayList<>();
        Pager pager;
        int size = PAGE_SIZE;
        try {
            DeviceFilter filter = ApiParams.deviceFilter(q.platform(), q.site(), q.label(), q.sync(), q.health(),
                    q.reachability());
            Paging paging = Paging.parse(q.page(), q.size(), PAGE_SIZE, 200);
            size = paging.size();
            Page<DeviceSummary> page = view.devices(filter, paging.offset(), paging.size());
            for (DeviceSummary d : page.items()) {
                rows.add(row(d, now));
            }
            pager = Pager.of(paging.page(), paging.size(), page.total(), q::link);
        } catch (ProblemException e) {
            error = e.getMessage();
            pager = Pager.of(0, size, 0, q::link);
        }
        FleetScreen.Filters filters = new FleetScreen.Filters(options(summary.byPlatform().keySet(), q.platform()),
                blank(q.site()), blank(q.label()), options(summary.bySync().keySet(), q.sync()),
                options(summary.byHealth().keySet(), q.health()),
                options(summary.byReachability().keySet(), q.reachability()), size);
        return new FleetScreen(now, summary.ready(), (int) refresh.toMillis(), tiles(summary, drops), rollouts, more,
                droppers, ApiParams.text(DROPPERS_WINDOW), filters, error, rows, pager, q.filtered());
    }

    /** The device's page; empty when inventory does not know the device. */
    public Optional<DeviceScreen> device(String id, String eventsPage, Instant now) {
        Optional<DeviceDetail> found = view.device(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DeviceDetail d = found.get();
        List<DeviceScreen.AppRow> apps = new ArrayList<>();
        for (AppDetail a : d.apps()) {
            apps.add(new DeviceScreen.AppRow(a.appId(), a.managed(), a.state(),
                    a.desiredState() == null ? "" : a.desiredState(), a.sync(), a.health(), nz(a.version()),
                    a.deploymentName() == null || a.deploymentName().isEmpty() ? ""
                            : a.deploymentName() + " r" + a.deploymentRevision(),
                    a.stateSince() == null ? "" : Format.ago(a.stateSince(), now),
                    a.lastError() != null ? error(a.lastError()) : nz(a.message()), attention(a)));
        }
        List<Chart> charts = new ArrayList<>();
        Instant hourAgo = Step.MINUTE.floor(now.minus(Duration.ofHours(1)));
        try {
            DeviceSeries cpu = series.read(id, request(SeriesMetric.CPU, hourAgo, now));
            DeviceSeries memory = series.read(id, request(SeriesMetric.MEMORY, hourAgo, now));
            DeviceSeries drops = series.read(id, request(SeriesMetric.CPP_DROPS, hourAgo, now));
            // One time axis for the three, no wider than the data (a device added minutes ago is not a
            // sliver at the right edge of an hour), and at least CHART_MIN_SPAN.
            Instant from = chartStart(now, hourAgo, List.of(cpu, memory, drops));
            charts.add(Chart.of("cpu", "CPU per app", from(cpu, from), SeriesMetric.CPU, false, CHART_LINES));
            charts.add(Chart.of("memory", "Memory per app", from(memory, from), SeriesMetric.MEMORY, false,
                    CHART_LINES));
            charts.add(Chart.of("cpp-drops", "CPP drops per class", from(drops, from), SeriesMetric.CPP_DROPS, true,
                    CHART_LINES));
        } catch (RuntimeException e) {
            LOG.warnf("NOC device page of %s without charts: %s", id, e.getMessage());
            charts.clear();
        }
        List<DeviceScreen.EventRow> eventRows = new ArrayList<>();
        Pager pager;
        int page = 0;
        try {
            page = Math.max(0, ApiParams.integer("events", eventsPage, 0));
        } catch (ProblemException e) {
            page = 0;
        }
        String base = "/noc/devices/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        try {
            Page<DeviceEvent> p = events.recent(id, page * EVENTS_SHOWN, EVENTS_SHOWN);
            for (DeviceEvent e : p.items()) {
                eventRows.add(event(e, now));
            }
            pager = Pager.of(page, EVENTS_SHOWN, p.total(), n -> n == 0 ? base : base + "?events=" + n);
        } catch (RuntimeException e) {
            LOG.warnf("NOC device page of %s without events: %s", id, e.getMessage());
            pager = Pager.of(0, EVENTS_SHOWN, 0, n -> base);
        }
        String labels = d.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .reduce((a, b) -> a + ", " + b).orElse("");
        return Optional.of(new DeviceScreen(now, (int) refresh.toMillis(), d, labels,
                Format.ago(d.observedAt(), now), Format.ago(d.lastReachableAt(), now),
                d.lastError() == null ? null : error(d.lastError()), apps, charts, eventRows, pager));
    }

    static List<Tile> tiles(FleetSummary s, CppDropTotals drops) {
        long devices = s.devices();
        long synced = s.bySync().getOrDefault("synced", 0L);
        long outOfSync = s.bySync().getOrDefault("out_of_sync", 0L);
        long syncUnknown = s.bySync().getOrDefault("unknown", 0L);
        long healthy = s.byHealth().getOrDefault("healthy", 0L);
        long degraded = s.byHealth().getOrDefault("degraded", 0L);
        long healthUnknown = s.byHealth().getOrDefault("unknown", 0L);
        long unreachable = s.byReachability().getOrDefault("unreachable", 0L);
        long authFailed = s.byReachability().getOrDefault("auth_failed", 0L);
        long hostKey = s.byReachability().getOrDefault("host_key_mismatch", 0L);
        long notReached = unreachable + authFailed + hostKey;
        long running = s.appsByState().getOrDefault("running", 0L);
        long appErrors = s.appsByState().getOrDefault("error", 0L);

        List<Tile> tiles = new ArrayList<>();
        StringJoiner platforms = new StringJoiner(" · ");
        s.byPlatform().forEach((p, n) -> {
            if (n > 0) {
                platforms.add(Format.human(p) + " " + Format.count(n));
            }
        });
        tiles.add(new Tile("devices", "Devices", Format.count(devices),
                devices == 0 ? "none in inventory" : platforms.toString(), "plain"));
        tiles.add(new Tile("synced", "Synced", Format.count(synced),
                "of " + Format.count(devices) + (outOfSync > 0 ? " · " + Format.count(outOfSync) + " out of sync" : "")
                        + (syncUnknown > 0 ? " · " + Format.count(syncUnknown) + " unknown" : ""),
                devices > 0 && synced == devices ? "good" : outOfSync > 0 ? "warn" : "plain"));
        tiles.add(new Tile("healthy", "Healthy", Format.count(healthy),
                "of " + Format.count(devices) + (degraded > 0 ? " · " + Format.count(degraded) + " degraded" : "")
                        + (healthUnknown > 0 ? " · " + Format.count(healthUnknown) + " unknown" : ""),
                degraded > 0 ? "bad" : devices > 0 && healthy == devices ? "good"
                        : healthy + healthUnknown < devices ? "warn" : "plain"));
        StringJoiner why = new StringJoiner(" · ");
        if (authFailed > 0) {
            why.add(Format.count(authFailed) + " auth failed");
        }
        if (hostKey > 0) {
            why.add(Format.count(hostKey) + " host key mismatch");
        }
        tiles.add(new Tile("unreachable", "Unreachable", Format.count(notReached),
                notReached == 0 ? "every observed device answers" : why.length() == 0 ? "no answer" : why.toString(),
                notReached > 0 ? "bad" : "good"));
        tiles.add(new Tile("apps-running", "Apps running", Format.count(running),
                "of " + Format.count(s.apps()) + (appErrors > 0 ? " · " + Format.count(appErrors) + " in error" : ""),
                appErrors > 0 ? "bad" : "plain"));
        if (drops == null) {
            tiles.add(new Tile("cpp-drops", "CPP drops", "–", "rollups unavailable", "warn"));
        } else {
            tiles.add(new Tile("cpp-drops", "CPP drops", Format.number(drops.framesPerSecond()) + "/s",
                    Format.count(drops.devicesDropping()) + (drops.devicesDropping() == 1 ? " device" : " devices")
                            + " dropping · last " + drops.window(),
                    drops.devicesDropping() > 0 ? "warn" : "good"));
        }
        return tiles;
    }

    static FleetScreen.DeviceRow row(DeviceSummary d, Instant now) {
        return new FleetScreen.DeviceRow(d.id(),
                "/noc/devices/" + URLEncoder.encode(d.id(), StandardCharsets.UTF_8).replace("+", "%20"), d.platform(),
                d.site() == null || d.site().isEmpty() ? "" : d.site(), d.reachability(), d.sync(), d.health(),
                d.appsRunning() + "/" + d.apps(), d.appsRunning() == d.apps(), Format.ago(d.observedAt(), now),
                Format.full(d.observedAt()), d.lastError() == null ? "" : error(d.lastError()));
    }

    static DeviceScreen.EventRow event(DeviceEvent e, Instant now) {
        String error = e.errorCode() == null && e.errorMessage() == null ? ""
                : (e.errorCode() == null ? "" : e.errorCode() + ": ") + nz(e.errorMessage());
        boolean failed = !(e.outcome().equals("succeeded") || e.outcome().startsWith("skipped"));
        return new DeviceScreen.EventRow(Format.ago(e.finishedAt(), now), Format.full(e.finishedAt()), e.step(),
                nz(e.appId()), e.outcome(), failed, Format.seconds(e.durationSeconds()), e.attempt(), error,
                e.deploymentName() == null ? "" : e.deploymentName() + " r" + e.deploymentRevision());
    }

    static boolean attention(AppDetail a) {
        if (!a.managed()) {
            return "error".equals(a.state());
        }
        return !"synced".equals(a.sync()) || !"healthy".equals(a.health());
    }

    static String error(LastError e) {
        String code = e.code() == null || e.code().isEmpty() ? "" : e.code() + ": ";
        return code + nz(e.message());
    }

    /** The filter's choices: "any" first, then every value the summary counts. */
    static List<Option> options(Iterable<String> values, String selected) {
        String s = blank(selected);
        List<Option> out = new ArrayList<>();
        out.add(new Option("", "Any", s.isEmpty()));
        for (String v : values) {
            out.add(new Option(v, Format.human(v), v.equals(s)));
        }
        return out;
    }

    private static SeriesRequest request(SeriesMetric m, Instant from, Instant to) {
        return new SeriesRequest(m, Step.MINUTE, from, to);
    }

    /** The charts' start: a minute before the first point, within [hourAgo, now - CHART_MIN_SPAN]. */
    static Instant chartStart(Instant now, Instant hourAgo, List<DeviceSeries> data) {
        Instant first = null;
        for (DeviceSeries d : data) {
            for (DeviceSeries.Series s : d.series()) {
                if (!s.points().isEmpty() && (first == null || s.points().get(0).t().isBefore(first))) {
                    first = s.points().get(0).t();
                }
            }
        }
        Instant latest = Step.MINUTE.floor(now.minus(CHART_MIN_SPAN));
        if (first == null) {
            return latest;
        }
        Instant start = Step.MINUTE.floor(first.minus(Duration.ofMinutes(1)));
        return start.isBefore(hourAgo) ? hourAgo : start.isAfter(latest) ? latest : start;
    }

    private static DeviceSeries from(DeviceSeries d, Instant from) {
        return new DeviceSeries(d.device(), d.metric(), d.unit(), d.step(), from, d.to(), d.series());
    }

    private static String blank(String s) {
        return s == null ? "" : s.strip();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
