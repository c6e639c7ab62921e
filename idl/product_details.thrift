// The resilience example (examples/resilience): a product-details service
// that calls a recommendation service, the scenario of the article issue 7
// comes from. When recommendations are slow or down, product pages still
// answer at once, with an empty recommendation list.

namespace rs product_details

/// A product suggested next to another.
struct Recommendation {
  1: i64 product_id,
  2: string title,
}

service Recommendations {
  /// Products to show next to `product_id`. Safe to retry.
  list<Recommendation> recommendations_for(1: i64 product_id) (idempotent),
}

/// What the product page shows.
struct ProductPage {
  1: i64 product_id,
  2: string name,
  3: list<Recommendation> recommendations,
  /// True when the recommendations are a fallback (the dependency failed).
  4: bool degraded,
}

exception ProductNotFound {
  1: i64 product_id,
}

service ProductDetails {
  ProductPage product_page(1: i64 product_id) throws (1: ProductNotFound not_found),
}
