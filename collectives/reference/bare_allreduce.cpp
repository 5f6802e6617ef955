// The reference for scripts/bench-coll-vs-mpi.sh: a bare MPI loop timed the way linkperf-coll
// times a case (barrier, -w untimed ops, then per batch: barrier, -n timed ops, per-op time =
// max over ranks; the median batch is reported), with none of linkperf's code.
// Usage: linkperf-coll-bare-allreduce BYTES WARMUP ITERS BATCHES [CALL]
//   CALL: allreduce (MPI_Allreduce, the default), reduce_scatter (MPI_Reduce_scatter, equal
//   counts) or reduce_scatter_block (MPI_Reduce_scatter_block); BYTES is the full input
//   (nccl-tests' size), a reduce_scatter rank receives BYTES / ranks.
// Prints: size_bytes time_us algbw_gbps busbw_gbps
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    if (argc != 5 && argc != 6) {
        std::fprintf(stderr, "usage: %s BYTES WARMUP ITERS BATCHES [CALL]\n", argv[0]);
        MPI_Finalize();
        return 2;
    }
    const long long bytes = std::atoll(argv[1]);
    const int warmup = std::atoi(argv[2]);
    const int iters = std::atoi(argv[3]);
    const int batches = std::atoi(argv[4]);
    const char* call = argc == 6 ? argv[5] : "allreduce";
    const bool allreduce = std::strcmp(call, "allreduce") == 0;
    const bool scatter = std::strcmp(call, "reduce_scatter") == 0;
    const bool scatter_block = std::strcmp(call, "reduce_scatter_block") == 0;
    if (bytes < 4 || bytes % 4 != 0 || iters < 1 || batches < 1 || warmup < 0 ||
        !(allreduce || scatter || scatter_block)) {
        std::fprintf(stderr, "bad arguments\n");
        MPI_Finalize();
        return 2;
    }
    int rank = 0;
    int ranks = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    const int count = static_cast<int>(bytes / 4);
    if (!allreduce && count % ranks != 0) {
        std::fprintf(stderr, "BYTES must split into 4-byte elements over %d ranks\n", ranks);
        MPI_Finalize();
        return 2;
    }
    const int block = count / ranks;
    const std::vector<int> counts(static_cast<std::size_t>(ranks), block);
    std::vector<float> send(static_cast<std::size_t>(count), 1.0f);
    std::vector<float> recv(static_cast<std::size_t>(count), 0.0f);
    const auto op = [&] {
        if (allreduce) {
            MPI_Allreduce(send.data(), recv.data(), count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
        } else if (scatter) {
            MPI_Reduce_scatter(send.data(), recv.data(), counts.data(), MPI_FLOAT, MPI_SUM,
                               MPI_COMM_WORLD);
        } else {
            MPI_Reduce_scatter_block(send.data(), recv.data(), block, MPI_FLOAT, MPI_SUM,
                                     MPI_COMM_WORLD);
        }
    };

    MPI_Barrier(MPI_COMM_WORLD);
    for (int i = 0; i < warmup; ++i) {
        op();
    }
    std::vector<double> per_batch;
    for (int b = 0; b < batches; ++b) {
        MPI_Barrier(MPI_COMM_WORLD);
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < iters; ++i) {
            op();
        }
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        s /= iters;
        MPI_Allreduce(MPI_IN_PLACE, &s, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        per_batch.push_back(s);
    }
    std::vector<double> sorted = per_batch;
    std::sort(sorted.begin(), sorted.end());
    const double t = sorted[(sorted.size() - 1) / 2];
    if (rank == 0) {
        const double algbw = static_cast<double>(bytes) / t / 1e9;
        // nccl-tests' bus factors: 2(n-1)/n for all_reduce, (n-1)/n for reduce_scatter.
        const double busbw = algbw * (allreduce ? 2.0 : 1.0) * (ranks - 1) / ranks;
        std::printf("%lld %.4f %.4f %.4f\n", bytes, t * 1e6, algbw, busbw);
    }
    MPI_Finalize();
    return 0;
}
