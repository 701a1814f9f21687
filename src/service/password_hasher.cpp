#include "service/password_hasher.hpp"

namespace cbe::service {

// Holds one of the running places for as long as it lives.
class PasswordHasher::Slot {
  public:
    explicit Slot(const PasswordHasher& owner) : owner_(owner) {
        std::unique_lock lock(owner_.mutex_);
        if (owner_.running_ >= owner_.max_concurrent_) {
            if (owner_.waiting_ >= owner_.max_waiting_) {
                ++owner_.refused_;
                return;
            }
            ++owner_.waiting_;
            owner_.free_.wait(lock, [this] { return owner_.running_ < owner_.max_concurrent_; });
            --owner_.waiting_;
        }
        ++owner_.running_;
        held_ = true;
    }
    ~Slot() {
        if (!held_) return;
        {
            std::lock_guard lock(owner_.mutex_);
            --owner_.running_;
        }
        owner_.free_.notify_one();
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    bool held() const { return held_; }

  private:
    const PasswordHasher& owner_;
    bool held_ = false;
};

namespace {
Error busy() { return Error{ErrorCode::kUnavailable, "busy"}; }
}  // namespace

// Whether the turn just taken is for nobody: the client left while the call waited.
bool PasswordHasher::abandoned(const Gone& gone) const {
    if (!gone || !gone()) return false;
    std::lock_guard lock(mutex_);
    ++dropped_;
    return true;
}

Result<std::string> PasswordHasher::hash(std::string_view password, const Gone& gone_now) const {
    Slot slot(*this);
    if (!slot.held()) return tl::unexpected(busy());
    if (abandoned(gone_now)) return tl::unexpected(busy());
    return work_(password, cost_);
}

Result<bool> PasswordHasher::verify(const std::string& hash, std::string_view password,
                                    const Gone& gone_now) const {
    Slot slot(*this);
    if (!slot.held()) return tl::unexpected(busy());
    if (abandoned(gone_now)) return tl::unexpected(busy());
    return crypto::verify_password(hash, password);
}

Result<bool> PasswordHasher::verify_stand_in(std::string_view password,
                                             const Gone& gone_now) const {
    Slot slot(*this);
    if (!slot.held()) return tl::unexpected(busy());
    if (abandoned(gone_now)) return tl::unexpected(busy());
    std::string stand_in;
    {
        std::lock_guard lock(stand_in_mutex_);
        if (stand_in_.empty()) {
            // Made inside the slot, and again until one succeeds: never an empty stand-in that
            // would answer at once.
            auto made = crypto::hash_password("stand-in for an unknown account", cost_);
            if (!made) return tl::unexpected(made.error());
            stand_in_ = std::move(*made);
        }
        stand_in = stand_in_;
    }
    (void)crypto::verify_password(stand_in, password);
    return false;
}

size_t PasswordHasher::dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
}

size_t PasswordHasher::waiting() const {
    std::lock_guard lock(mutex_);
    return waiting_;
}

size_t PasswordHasher::refused() const {
    std::lock_guard lock(mutex_);
    return refused_;
}

}  // namespace cbe::service
