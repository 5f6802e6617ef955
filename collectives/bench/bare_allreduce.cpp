// The reference for scripts/bench-coll-vs-mpi.sh: a bare MPI_Allreduce loop timed the way
// linkperf-coll times a case (barrier, -w untimed ops, then per batch: barrier, -n timed ops,
// per-op time = max over ranks; the median batch is reported), with none of linkperf's code.
// Usage: linkperf-coll-bare-allreduce BYTES WARMUP ITERS BATCHES
// Prints: size_bytes time_us algbw_gbps busbw_gbps
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s BYTES WARMUP ITERS BATCHES\n", argv[0]);
        MPI_Finalize();
        return 2;
    }
    const long long bytes = std::atoll(argv[1]);
    const int warmup = std::atoi(argv[2]);
    const int iters = std::atoi(argv[3]);
    const int batches = std::atoi(argv[4]);
    if (bytes < 4 || bytes % 4 != 0 || iters < 1 || batches < 1 || warmup < 0) {
        std::fprintf(stderr, "bad arguments\n");
        MPI_Finalize();
        return 2;
    }
    int rank = 0;
    int ranks = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    const int count = static_cast<int>(bytes / 4);
    std::vector<float> send(static_cast<std::size_t>(count), 1.0f);
    std::vector<float> recv(static_cast<std::size_t>(count), 0.0f);

    MPI_Barrier(MPI_COMM_WORLD);
    for (int i = 0; i < warmup; ++i) {
        MPI_Allreduce(send.data(), recv.data(), count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    }
    std::vector<double> per_batch;
    for (int b = 0; b < batches; ++b) {
        MPI_Barrier(MPI_COMM_WORLD);
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < iters; ++i) {
            MPI_Allreduce(send.data(), recv.data(), count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
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
        const double busbw = algbw * 2.0 * (ranks - 1) / ranks;
        std::printf("%lld %.4f %.4f %.4f\n", bytes, t * 1e6, algbw, busbw);
    }
    MPI_Finalize();
    return 0;
}
