"""Supplier and product rules."""
from __future__ import annotations

from suites.plugin.checks import expect, expect_equal, ok, octo_error


def test_supplier_is_valid(client):
    """GET /supplier returns a valid Supplier (SPEC-DIGEST §2, Supplier)."""
    ok(client.get("/supplier"), "supplier")


def test_products_are_valid(client):
    """GET /products returns valid Products, with pricing fields when octo/pricing is on (SPEC-DIGEST §2, §4)."""
    products = ok(client.get("/products"), "product", many=True)
    expect(products, "at least one product", "an empty list")


def test_product_ids_are_unique(client):
    """Product ids are unique, and option ids unique within a product (SPEC-DIGEST §2, Product)."""
    products = ok(client.get("/products"))
    ids = [p.get("id") for p in products]
    expect(len(ids) == len(set(ids)), "unique product ids", ids)
    for product in products:
        options = [o.get("id") for o in product.get("options") or []]
        expect(len(options) == len(set(options)), f"unique option ids in {product.get('id')}", options)


def test_product_by_id_equals_list_entry(client):
    """GET /products/{id} returns the same product as the list (SPEC-DIGEST §1)."""
    products = ok(client.get("/products"), "product", many=True)
    for listed in products:
        single = ok(client.get(f"/products/{listed['id']}"), "product")
        expect_equal(single, listed, f"GET /products/{listed['id']}")


def test_unknown_product_is_invalid_product_id(client):
    """An unknown product id gets INVALID_PRODUCT_ID echoing productId (SPEC-DIGEST §3)."""
    unknown = "octo-conformance-no-such-product"
    octo_error(client.get(f"/products/{unknown}"), "INVALID_PRODUCT_ID", {"productId": unknown})
