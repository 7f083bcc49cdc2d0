package io.appfleet.desired.targeting;

import java.util.Set;

/**
 * Fired (synchronously, on the inventory consumer's thread) when devices changed in the
 * {@link InventoryView}. {@code initial} marks the one event after the start-up catch-up, when
 * every device must be looked at again; {@code deviceIds} is then the whole view.
 */
public record InventoryChanged(Set<String> deviceIds, boolean initial) {
}
