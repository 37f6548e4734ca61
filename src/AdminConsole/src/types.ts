import type { OrderStatus } from "./format";

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface Product {
  id: string;
  name: string;
  description: string;
  price: number;
  currency: string;
  category: string;
  stock: number;
  inStock: boolean;
  imageUrl?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProductPage extends Page<Product> {
  facets: { categories: { value: string; count: number }[] };
}

export interface OrderRow {
  id: string;
  userId: string;
  customerEmail?: string | null;
  status: OrderStatus;
  total: number;
  currency: string;
  itemCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrdersPage extends Page<OrderRow> {
  summary: { orderCount: number; revenue: number };
}

export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  items: { productId: string; name: string; unitPrice: number; quantity: number; lineTotal: number }[];
  total: number;
  currency: string;
  shippingAddress?: string | null;
  createdAt: string;
  updatedAt: string;
  history: { status: OrderStatus; at: string }[];
}

export interface Financials {
  from: string;
  to: string;
  currency: string;
  revenue: number;
  orderCount: number;
  averageOrderValue: number;
  itemsSold: number;
  cancelledCount: number;
  refundedAmount: number;
  byStatus: Record<string, number>;
  daily: { date: string; revenue: number; orders: number }[];
  topProducts: { productId: string; name: string; quantity: number; revenue: number }[];
}
