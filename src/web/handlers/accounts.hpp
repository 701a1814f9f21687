// Routes for accounts: sign up, sign in, sign out, the account page, changing the password.
#pragma once

namespace cbe::web {
class Site;
class Router;
}  // namespace cbe::web

namespace cbe::web::handlers {

void add_accounts(Site& site, Router& router);

}  // namespace cbe::web::handlers
