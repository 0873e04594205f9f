// A stand-in for libFuzzer when the compiler has none (GCC, MSVC): feeds every
// file of the given corpus directories to LLVMFuzzerTestOneInput, then a bounded
// number of deterministic mutations of them (bit flips, byte changes,
// truncations, deletions, duplications, splices, inserted JSON tokens, deep
// nesting). No coverage guidance, but the same hostile shapes on every CI run;
// a crash or a failed FUZZ_CHECK ends the process and fails the test.
//
// Usage: <target> [-runs=N] [-seed=N] <corpus dir or file>...

#include "fuzzcheck.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::size_t MaxInputBytes = 64 * 1024;

// Tokens that move a JSON parser or a field reader onto another path.
constexpr std::string_view Tokens[] = {"{",
                                       "}",
                                       "[",
                                       "]",
                                       "\"",
                                       ",",
                                       ":",
                                       "\\",
                                       "null",
                                       "true",
                                       "false",
                                       "0",
                                       "-1",
                                       "-0",
                                       "1.5",
                                       "1e400",
                                       "-1e400",
                                       "2147483647",
                                       "2147483648",
                                       "9007199254740993",
                                       "9223372036854775808",
                                       "\"\"",
                                       "{}",
                                       "[]",
                                       "\"data\":",
                                       "\"pagination\":",
                                       "\"cursor\":",
                                       "\"id\":",
                                       "\"user_id\":",
                                       "\"viewer_count\":",
                                       "\"started_at\":",
                                       "\"title\":",
                                       "\"total\":",
                                       "\"message\":",
                                       "\"error\":",
                                       "\"access_token\":",
                                       "\"expires_in\":",
                                       "\"client_id\":",
                                       "\"login\":",
                                       "\"name\":",
                                       "\\u0000",
                                       "\\ud800",
                                       "\\udc00",
                                       "\\ud83c\\udfae",
                                       "\xff",
                                       "\xc3",
                                       "\xe2\x80",
                                       "\xf0\x9f\x8e\xae",
                                       std::string_view("\0", 1),
                                       "T",
                                       "t",
                                       "Z",
                                       "z",
                                       " ",
                                       "+23:59",
                                       "-00:00",
                                       "+24:00",
                                       ".999999999",
                                       ":60",
                                       "-02-29",
                                       "-02-30",
                                       "9999-12-31T23:59:59",
                                       "0000-01-01T00:00:00"};

// splitmix64: small, fast, and the same sequence on every platform.
struct Rng
{
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
};

void mutateOnce(Bytes &b, const std::vector<Bytes> &corpus, Rng &rng)
{
    const std::size_t pos = rng.below(b.size() + 1);
    switch (rng.below(10)) {
    case 0: // flip a bit
        if (!b.empty())
            b[rng.below(b.size())] ^= static_cast<std::uint8_t>(1u << rng.below(8));
        break;
    case 1: // set a byte
        if (!b.empty())
            b[rng.below(b.size())] = static_cast<std::uint8_t>(rng.next());
        break;
    case 2: // truncate
        b.resize(pos);
        break;
    case 3: { // delete a range
        const std::size_t len = std::min(b.size() - std::min(pos, b.size()), 1 + rng.below(16));
        if (pos < b.size())
            b.erase(b.begin() + static_cast<std::ptrdiff_t>(pos),
                    b.begin() + static_cast<std::ptrdiff_t>(pos + len));
        break;
    }
    case 4: { // duplicate a range
        if (b.empty())
            break;
        const std::size_t from = rng.below(b.size());
        const std::size_t len = std::min(b.size() - from, 1 + rng.below(32));
        const Bytes piece(b.begin() + static_cast<std::ptrdiff_t>(from),
                          b.begin() + static_cast<std::ptrdiff_t>(from + len));
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(pos), piece.begin(), piece.end());
        break;
    }
    case 5: { // splice: this prefix, another input's suffix
        const Bytes &other = corpus[rng.below(corpus.size())];
        b.resize(pos);
        const std::size_t from = rng.below(other.size() + 1);
        b.insert(b.end(), other.begin() + static_cast<std::ptrdiff_t>(from), other.end());
        break;
    }
    case 6:
    case 7: { // insert a token
        const std::string_view t = Tokens[rng.below(std::size(Tokens))];
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(pos), t.begin(), t.end());
        break;
    }
    case 8: { // overwrite with a token
        const std::string_view t = Tokens[rng.below(std::size(Tokens))];
        for (std::size_t i = 0; i < t.size() && pos + i < b.size(); ++i)
            b[pos + i] = static_cast<std::uint8_t>(t[i]);
        break;
    }
    default: { // deep nesting
        const std::size_t depth = 1 + rng.below(3000);
        const auto open = static_cast<std::uint8_t>(rng.below(2) ? '[' : '{');
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(pos), depth, open);
        break;
    }
    }
    if (b.size() > MaxInputBytes)
        b.resize(MaxInputBytes);
}

bool readFile(const std::filesystem::path &path, Bytes &out)
{
    // stdio, not istreambuf_iterator: GCC 12 reports a false -Wnull-dereference there.
    std::FILE *f = std::fopen(path.string().c_str(), "rb");
    if (!f)
        return false;
    out.clear();
    std::uint8_t buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0)
        out.insert(out.end(), buffer, buffer + n);
    const bool ok = std::ferror(f) == 0;
    std::fclose(f);
    return ok;
}

void run(const Bytes &b)
{
    LLVMFuzzerTestOneInput(b.empty() ? nullptr : b.data(), b.size());
}

} // namespace

int main(int argc, char **argv)
{
    long long runs = 20000;
    std::uint64_t seed = 0x5eed5eedULL;
    std::vector<std::filesystem::path> files;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("-runs=", 0) == 0) {
            runs = std::stoll(arg.substr(6));
        } else if (arg.rfind("-seed=", 0) == 0) {
            seed = std::stoull(arg.substr(6));
        } else if (std::filesystem::is_directory(arg)) {
            for (const auto &entry : std::filesystem::directory_iterator(arg)) {
                if (entry.is_regular_file())
                    files.push_back(entry.path());
            }
        } else if (std::filesystem::is_regular_file(arg)) {
            files.emplace_back(arg);
        } else {
            std::fprintf(stderr, "replay: no such corpus: %s\n", arg.c_str());
            return 2;
        }
    }
    std::sort(files.begin(), files.end()); // directory order varies; the run must not

    std::vector<Bytes> corpus;
    for (const auto &path : files) {
        Bytes b;
        if (!readFile(path, b)) {
            std::fprintf(stderr, "replay: cannot read %s\n", path.string().c_str());
            return 2;
        }
        corpus.push_back(std::move(b));
    }
    if (corpus.empty()) {
        std::fprintf(stderr, "replay: empty corpus; pass a directory of seed inputs\n");
        return 2;
    }

    run(Bytes());
    for (const Bytes &b : corpus)
        run(b);

    Rng rng{seed};
    for (long long i = 0; i < runs; ++i) {
        Bytes b = corpus[rng.below(corpus.size())];
        const std::size_t mutations = 1 + rng.below(4);
        for (std::size_t m = 0; m < mutations; ++m)
            mutateOnce(b, corpus, rng);
        run(b);
    }
    std::printf("replay: %zu corpus inputs and %lld mutations, no failure (seed %llu)\n",
                corpus.size(), runs, static_cast<unsigned long long>(seed));
    return 0;
}
