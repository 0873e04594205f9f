#pragma once
// A value or the reason there is none: storage reports failures a caller must
// handle (locked file, full disk) as values instead of empty defaults.

#include <QString>

#include <utility>
#include <variant>

namespace StreamRank {

// Wraps an error so Result<T, E> can be built from it even when T and E are
// the same type.
template <typename E> struct Unexpected
{
    E error;
};
template <typename E> Unexpected(E) -> Unexpected<E>;

template <typename T, typename E = QString> class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    template <typename U>
    Result(Unexpected<U> failure) : m_data(std::in_place_index<1>, E(std::move(failure.error)))
    {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    // An empty E while ok(), so a diagnostic can name error() unconditionally.
    const E &error() const
    {
        static const E none{};
        return ok() ? none : std::get<1>(m_data);
    }

private:
    std::variant<T, E> m_data;
};

} // namespace StreamRank
