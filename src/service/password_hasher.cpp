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

Result<std::string> PasswordHasher::hash(std::string_view password) const {
    Slot slot(*this);
    if (!slot.held()) return tl::unexpected(busy());
    return work_(password, cost_);
}

Result<bool> PasswordHasher::verify(const std::string& hash, std::string_view password) const {
    Slot slot(*this);
    if (!slot.held()) return tl::unexpected(busy());
    return crypto::verify_password(hash, password);
}

size_t PasswordHasher::refused() const {
    std::lock_guard lock(mutex_);
    return refused_;
}

}  // namespace cbe::service
