import type { Metadata } from "../core/types";

export type WebhookEndpoint = {
  id: string;
  object: "webhook_endpoint";
  url: string;
  enabled_events: string[];
  status: "enabled" | "disabled";
  description: string | null;
  metadata: Metadata;
  created: number;
  [key: string]: unknown;
};

export function buildWebhookEndpoint(input: {
  id: string;
  now: number;
  url: string;
  enabledEvents: string[];
  description: string | null;
  metadata: Metadata;
  apiVersion: string | null;
}): WebhookEndpoint {
  return {
    id: input.id,
    object: "webhook_endpoint",
    api_version: input.apiVersion,
    application: null,
    created: input.now,
    description: input.description,
    enabled_events: input.enabledEvents,
    livemode: false,
    metadata: input.metadata,
    status: "enabled",
    url: input.url,
  };
}
