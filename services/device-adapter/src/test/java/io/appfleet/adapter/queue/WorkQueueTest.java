package io.appfleet.adapter.queue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WorkQueueTest {

    private static final Duration NONE_WAITING = Duration.ofMillis(50);

    private final WorkQueue<String> queue = new WorkQueue<>(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        queue.shutDown();
        threads.shutdownNow();
    }

    @Test
    void aKeyAddedTwiceWhileItWaitsIsHandedOutOnceWithItsFirstReason() throws Exception {
        queue.add("d1", "desired");
        queue.add("d1", "inventory");
        queue.add("d2", "desired");

        assertThat(take()).isEqualTo(new WorkQueue.Item<>("d1", "desired"));
        assertThat(take()).isEqualTo(new WorkQueue.Item<>("d2", "desired"));
        assertThat(queue.take(NONE_WAITING)).isEmpty();
        assertThat(queue.readyCount()).isZero();
    }

    @Test
    void keysComeOutInTheOrderTheyWereAdded() throws Exception {
        for (int i = 0; i < 5; i++) {
            queue.add("d" + i, "r");
        }
        for (int i = 0; i < 5; i++) {
            assertThat(take().key()).isEqualTo("d" + i);
        }
    }

    @Test
    void aKeyHeldByAWorkerIsNotHandedToAnotherAndIsQueuedOnceMoreWhenDone() throws Exception {
        queue.add("d1", "desired");
        WorkQueue.Item<String> held = take();
        queue.add("d1", "refresh");
        queue.add("d1", "resync");
        queue.addAfter("d1", "retry", Duration.ofMillis(1));
        Thread.sleep(20);

        assertThat(queue.isProcessing("d1")).isTrue();
        assertThat(queue.take(NONE_WAITING)).as("no second pass while the first runs").isEmpty();

        queue.done(held.key());
        assertThat(take()).isEqualTo(new WorkQueue.Item<>("d1", "refresh"));
        queue.done("d1");
        assertThat(queue.take(NONE_WAITING)).as("three adds during the pass make one more pass").isEmpty();
    }

    @Test
    void aKeyNotAddedAgainDuringItsPassIsNotHandedOutAgain() throws Exception {
        queue.add("d1", "desired");
        take();
        queue.done("d1");
        assertThat(queue.take(NONE_WAITING)).isEmpty();
        assertThat(queue.isProcessing("d1")).isFalse();
    }

    @Test
    void doneForAKeyNoWorkerHoldsChangesNothing() throws Exception {
        queue.add("d1", "desired");
        queue.done("d1");
        queue.done("d1");
        assertThat(take().key()).isEqualTo("d1");
        assertThat(queue.take(NONE_WAITING)).isEmpty();
    }

    @Test
    void removeDropsAWaitingKey() throws Exception {
        queue.add("d1", "desired");
        queue.add("d2", "desired");
        queue.remove("d1");
        assertThat(take().key()).isEqualTo("d2");
        assertThat(queue.take(NONE_WAITING)).isEmpty();
    }

    @Test
    void removeDropsAWaitingKeyQueuedWithoutAReason() throws Exception {
        queue.add("d1", null);
        queue.remove("d1");
        assertThat(queue.take(NONE_WAITING)).isEmpty();
        assertThat(queue.readyCount()).isZero();
    }

    @Test
    void aKeyRemovedAndAddedAgainIsNeverHandedToTwoWorkers() throws Exception {
        queue.add("d1", null);
        queue.remove("d1");
        queue.add("d1", "desired");
        assertThat(take().key()).isEqualTo("d1");
        assertThat(queue.take(NONE_WAITING)).as("the key is held: no second copy may come out").isEmpty();
    }

    @Test
    void removeDropsADelayedKeyAndItsFailures() throws Exception {
        queue.addRateLimited("d1", "retry");
        queue.addRateLimited("d1", "retry");
        queue.addAfter("d2", "resync", Duration.ofMillis(30));
        queue.remove("d1");

        assertThat(queue.failures("d1")).isZero();
        assertThat(queue.delayedCount()).isEqualTo(1);
        assertThat(queue.take(Duration.ofSeconds(2)).map(WorkQueue.Item::key)).contains("d2");
        assertThat(queue.take(Duration.ofMillis(600))).as("d1's retry (at most 400 ms away) was removed").isEmpty();
    }

    @Test
    void aKeyRemovedWhileAWorkerHoldsItDoesNotComeBackAtDone() throws Exception {
        queue.add("d1", "desired");
        take();
        queue.add("d1", "refresh");
        queue.remove("d1");
        assertThat(queue.isProcessing("d1")).as("the worker finishes normally").isTrue();
        queue.done("d1");
        assertThat(queue.take(NONE_WAITING)).isEmpty();
        assertThat(queue.isProcessing("d1")).isFalse();
    }

    @Test
    void aDelayedKeyComesOutOnlyOnceItsDelayHasPassed() throws Exception {
        long t0 = System.nanoTime();
        queue.addAfter("d1", "resync", Duration.ofMillis(150));
        assertThat(queue.delayedCount()).isEqualTo(1);
        assertThat(queue.readyCount()).isZero();

        WorkQueue.Item<String> item = take();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(item).isEqualTo(new WorkQueue.Item<>("d1", "resync"));
        assertThat(queue.delayedCount()).isZero();
    }

    @Test
    void theEarlierOfTwoDelayedAddsWins() throws Exception {
        queue.addAfter("d1", "resync", Duration.ofSeconds(30));
        queue.addAfter("d1", "retry", Duration.ofMillis(20));
        queue.addAfter("d1", "later", Duration.ofSeconds(60));
        assertThat(queue.delayedCount()).isEqualTo(1);
        assertThat(queue.take(Duration.ofSeconds(2))).contains(new WorkQueue.Item<>("d1", "retry"));
        queue.done("d1");
        assertThat(queue.delayedCount()).as("the superseded adds are gone with it").isZero();
    }

    @Test
    void aZeroOrNegativeDelayAddsAtOnce() throws Exception {
        queue.addAfter("d1", "now", Duration.ZERO);
        queue.addAfter("d2", "now", Duration.ofMillis(-5));
        assertThat(queue.readyCount()).isEqualTo(2);
    }

    @Test
    void aDelayedKeyThatFallsDueDuringItsPassRunsOnceMoreAfterIt() throws Exception {
        queue.add("d1", "desired");
        take();
        queue.addAfter("d1", "retry", Duration.ofMillis(10));
        Thread.sleep(30);
        assertThat(queue.take(NONE_WAITING)).isEmpty();
        queue.done("d1");
        assertThat(take()).isEqualTo(new WorkQueue.Item<>("d1", "retry"));
    }

    @Test
    void addRateLimitedBacksOffFurtherWithEachFailureUntilForget() {
        Duration first = queue.addRateLimited("d1", "retry");
        Duration second = queue.addRateLimited("d1", "retry");
        Duration third = queue.addRateLimited("d1", "retry");
        assertThat(first).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(second).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(third).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(queue.failures("d1")).isEqualTo(3);
        assertThat(queue.failures("d2")).isZero();

        queue.forget("d1");
        assertThat(queue.failures("d1")).isZero();
        assertThat(queue.addRateLimited("d1", "retry")).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void aWaitingWorkerWakesAsSoonAsAKeyIsAdded() throws Exception {
        Future<Optional<WorkQueue.Item<String>>> waiting = threads.submit(() -> queue.take(Duration.ofSeconds(30)));
        Thread.sleep(50);
        long t0 = System.nanoTime();
        queue.add("d1", "desired");
        assertThat(waiting.get(5, TimeUnit.SECONDS)).contains(new WorkQueue.Item<>("d1", "desired"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void keysFallingDueTogetherWakeEveryIdleWorkerNotJustOne() throws Exception {
        List<Future<Optional<WorkQueue.Item<String>>>> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(threads.submit(() -> queue.take(Duration.ofSeconds(20))));
        }
        Thread.sleep(50);
        long t0 = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            queue.addAfter("d" + i, "resync", Duration.ofMillis(100));
        }
        List<String> keys = new ArrayList<>();
        for (Future<Optional<WorkQueue.Item<String>>> w : workers) {
            keys.add(w.get(10, TimeUnit.SECONDS).orElseThrow().key());
        }
        assertThat(keys).containsExactlyInAnyOrder("d0", "d1", "d2");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("all three taken soon after they fell due")
                .isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void shutDownWakesWaitingWorkersAndStopsHandingOutKeys() throws Exception {
        Future<Optional<WorkQueue.Item<String>>> waiting = threads.submit(() -> queue.take(Duration.ofSeconds(30)));
        Thread.sleep(50);
        queue.shutDown();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEmpty();
        queue.add("d1", "desired");
        assertThat(queue.take(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void countsTellReadyDelayedAndInFlightApart() throws Exception {
        queue.add("a", "r");
        queue.add("b", "r");
        queue.addAfter("c", "r", Duration.ofMinutes(5));
        take();
        assertThat(queue.readyCount()).isEqualTo(1);
        assertThat(queue.delayedCount()).isEqualTo(1);
        assertThat(queue.processingCount()).isEqualTo(1);
    }

    /**
     * Many workers, few keys, adds from everywhere: no key is ever processed by two workers at
     * once, no more passes run than there are workers, and every add is followed by a pass that
     * started after it (nothing is lost).
     */
    @Test
    void underLoadNoKeyRunsTwiceAtOnceConcurrencyStaysBoundedAndNoAddIsLost() throws Exception {
        int workers = 8;
        int keys = 20;
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        Map<String, Long> lastAdd = new ConcurrentHashMap<>();
        Map<String, Long> lastStart = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger passes = new AtomicInteger();

        List<Future<?>> pool = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            pool.add(threads.submit(() -> {
                while (true) {
                    Optional<WorkQueue.Item<String>> item = queue.take(Duration.ofMillis(200));
                    if (item.isEmpty()) {
                        if (Thread.currentThread().isInterrupted() || passes.get() < 0) {
                            return null;
                        }
                        continue;
                    }
                    String k = item.get().key();
                    lastStart.put(k, System.nanoTime());
                    if (running.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet() != 1) {
                        violations.add(k + " ran twice at once");
                    }
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                    if (ThreadLocalRandom.current().nextInt(4) == 0) {
                        queue.add(k, "self"); // a pass that queues its own key again
                        lastAdd.put(k, System.nanoTime());
                    }
                    inFlight.decrementAndGet();
                    running.get(k).decrementAndGet();
                    passes.incrementAndGet();
                    queue.done(k);
                }
            }));
        }
        for (int i = 0; i < 3000; i++) {
            String k = "d" + ThreadLocalRandom.current().nextInt(keys);
            lastAdd.put(k, System.nanoTime());
            queue.add(k, "external");
            if (i % 100 == 0) {
                Thread.sleep(1);
            }
        }
        long settle = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < settle && (queue.readyCount() > 0 || queue.processingCount() > 0)) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
        passes.set(Integer.MIN_VALUE);
        queue.shutDown();
        for (Future<?> f : pool) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(violations).isEmpty();
        assertThat(maxInFlight.get()).isLessThanOrEqualTo(workers).isGreaterThan(1);
        for (Map.Entry<String, Long> e : lastAdd.entrySet()) {
            assertThat(lastStart.get(e.getKey())).as("a pass of %s started after its last add", e.getKey())
                    .isGreaterThan(e.getValue());
        }
    }

    private WorkQueue.Item<String> take() throws InterruptedException {
        return queue.take(Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("nothing to take"));
    }
}
