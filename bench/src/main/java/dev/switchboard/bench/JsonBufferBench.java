package dev.switchboard.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Jackson's buffer pools on virtual threads: one Responses-API-sized request body written per fresh
 * virtual thread, as a model call does, with Jackson's default (per-thread) pool and with the shared
 * pool every Switchboard mapper uses. Prints bytes allocated and wall time a call, three rounds each,
 * interleaved. Run: {@code java -cp bench/target/switchboard-bench.jar dev.switchboard.bench.JsonBufferBench [calls]}.
 */
public final class JsonBufferBench {
    private JsonBufferBench() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "gpt-4.1-mini");
        body.put("instructions", "You are the assistant of Loja Centro. Answer in the customer's language. ".repeat(8));
        body.put("input", List.of(Map.of("role", "user", "content", "Olá, quero saber o preço do produto X, por favor")));
        body.put("store", true);
        body.put("previous_response_id", "resp_68af0c1f3a0c81908c5e2f2b9e1d7a4b");
        Map<String, ObjectMapper> mappers = new LinkedHashMap<>();
        mappers.put("per-thread pool (Jackson's default)", mapper(JsonRecyclerPools.threadLocalPool()));
        mappers.put("shared pool (newConcurrentDequePool)", mapper(JsonRecyclerPools.newConcurrentDequePool()));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.printf("%d calls a round, each on a new virtual thread, %d cores%n", calls, Runtime.getRuntime().availableProcessors());
        for (int round = 1; round <= 3; round++) {
            for (var e : mappers.entrySet()) {
                long bytes = threads.getTotalThreadAllocatedBytes();
                long start = System.nanoTime();
                try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<byte[]>> results = new ArrayList<>(calls);
                    for (int i = 0; i < calls; i++) results.add(executor.submit(() -> e.getValue().writeValueAsBytes(body)));
                    for (Future<byte[]> f : results) f.get();
                }
                long nanos = System.nanoTime() - start;
                System.out.printf("round %d  %-38s %7.0f bytes allocated a call  %6.2f µs a call%n", round, e.getKey(),
                        (threads.getTotalThreadAllocatedBytes() - bytes) / (double) calls, nanos / 1e3 / calls);
            }
        }
    }

    private static ObjectMapper mapper(com.fasterxml.jackson.core.util.RecyclerPool<com.fasterxml.jackson.core.util.BufferRecycler> pool) {
        return new ObjectMapper(JsonFactory.builder().recyclerPool(pool).build());
    }
}
