package io.appfleet.inventory.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.appfleet.platform.labels.LabelSelector;
import io.appfleet.platform.labels.LabelSelector.Requirement;
import io.appfleet.platform.problem.ProblemException;

/**
 * Lists devices by label selector and plain filters, paged and sorted, in SQL over the jsonb
 * labels. {@code site} is selectable like a label (the label wins when both exist), because
 * operators write {@code site in (ams,fra)} whether the site is a label or the device's field.
 */
@ApplicationScoped
public class DeviceQuery {

    public static final int MAX_PAGE_SIZE = 1000;

    private static final Map<String, String> SORTABLE = Map.of(
            "id", "id", "platform", "platform", "site", "site", "osVersion", "os_version",
            "createdAt", "created_at", "updatedAt", "updated_at", "generation", "generation",
            "adminState", "admin_state");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager em;

    public record Filter(LabelSelector selector, String platform, String site, String adminState) {
    }

    public record Page(List<DeviceView> items, int page, int size, long total) {
    }

    @SuppressWarnings("unchecked")
    public Page list(Filter filter, int page, int size, String sort) {
        if (page < 0) {
            throw ProblemException.badRequest("page", "must not be negative");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.badRequest("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        List<Object> params = new ArrayList<>();
        String where = where(filter, params);
        String orderBy = orderBy(sort);

        Query count = em.createNativeQuery("SELECT count(*) FROM device" + where);
        bind(count, params);
        long total = ((Number) count.getSingleResult()).longValue();

        Query select = em.createNativeQuery("SELECT * FROM device" + where + orderBy, DeviceEntity.class);
        bind(select, params);
        select.setFirstResult((int) Math.min((long) page * size, Integer.MAX_VALUE));
        select.setMaxResults(size);
        List<DeviceView> items = ((List<DeviceEntity>) select.getResultList()).stream().map(DeviceView::of).toList();
        return new Page(items, page, size, total);
    }

    private static String where(Filter f, List<Object> params) {
        List<String> conditions = new ArrayList<>();
        for (Requirement r : f.selector().requirements()) {
            conditions.add(condition(r, params));
        }
        if (f.platform() != null) {
            conditions.add("platform = ?" + add(params, f.platform()));
        }
        if (f.site() != null) {
            conditions.add("site = ?" + add(params, f.site()));
        }
        if (f.adminState() != null) {
            conditions.add("admin_state = ?" + add(params, f.adminState()));
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static String condition(Requirement r, List<Object> params) {
        if (r.key().equals("site")) {
            String site = "coalesce(labels ->> 'site', site)";
            return switch (r.operator()) {
                case EQUALS, IN -> site + " IN (" + placeholders(r, params) + ")";
                case NOT_EQUALS, NOT_IN -> "(" + site + " IS NULL OR " + site + " NOT IN (" + placeholders(r, params) + "))";
                case EXISTS -> site + " IS NOT NULL";
                case DOES_NOT_EXIST -> site + " IS NULL";
            };
        }
        // Containment (labels @> '{"k":"v"}') is what the GIN index on labels answers.
        return switch (r.operator()) {
            case EQUALS, IN -> "(" + containsAny(r, params) + ")";
            case NOT_EQUALS, NOT_IN -> "NOT (" + containsAny(r, params) + ")";
            case EXISTS -> "jsonb_exists(labels, ?" + add(params, r.key()) + ")";
            case DOES_NOT_EXIST -> "NOT jsonb_exists(labels, ?" + add(params, r.key()) + ")";
        };
    }

    private static String containsAny(Requirement r, List<Object> params) {
        List<String> terms = new ArrayList<>();
        for (String v : r.values().stream().sorted().toList()) {
            terms.add("labels @> cast(?" + add(params, JSON.createObjectNode().put(r.key(), v).toString()) + " as jsonb)");
        }
        return String.join(" OR ", terms);
    }

    private static String placeholders(Requirement r, List<Object> params) {
        List<String> marks = new ArrayList<>();
        for (String v : r.values().stream().sorted().toList()) {
            marks.add("?" + add(params, v));
        }
        return String.join(", ", marks);
    }

    private static int add(List<Object> params, Object value) {
        params.add(value);
        return params.size();
    }

    private static void bind(Query q, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
    }

    /** {@code sort=site,-updatedAt}: fields from a fixed list, '-' for descending; id breaks ties. */
    static String orderBy(String sort) {
        List<String> parts = new ArrayList<>();
        boolean hasId = false;
        if (sort != null && !sort.isBlank()) {
            for (String raw : sort.split(",")) {
                String field = raw.trim();
                boolean desc = field.startsWith("-");
                if (desc || field.startsWith("+")) {
                    field = field.substring(1);
                }
                String column = SORTABLE.get(field);
                if (column == null) {
                    throw ProblemException.badRequest("sort", "cannot sort by '" + DeviceValidator.printable(field)
                            + "'; sortable: " + String.join(", ", SORTABLE.keySet().stream().sorted().toList()));
                }
                hasId |= column.equals("id");
                parts.add(column + (desc ? " DESC" : " ASC"));
            }
        }
        if (!hasId) {
            parts.add("id ASC");
        }
        return " ORDER BY " + String.join(", ", parts);
    }
}
