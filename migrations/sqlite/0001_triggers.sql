-- Hand-written: keep updated_at current on every update, also for statements that do not go
-- through drizzle (whose $onUpdate only covers its own update builder). Recursive triggers are off
-- in SQLite by default, so the inner UPDATE does not fire the trigger again.
CREATE TRIGGER `ai_models_registry_touch_updated_at` AFTER UPDATE ON `ai_models_registry` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `ai_models_registry` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `api_keys_touch_updated_at` AFTER UPDATE ON `api_keys` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `api_keys` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `bot_configurations_touch_updated_at` AFTER UPDATE ON `bot_configurations` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `bot_configurations` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `client_budgets_touch_updated_at` AFTER UPDATE ON `client_budgets` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `client_budgets` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `clientes_whatsapp_touch_updated_at` AFTER UPDATE ON `clientes_whatsapp` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `clientes_whatsapp` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `clients_touch_updated_at` AFTER UPDATE ON `clients` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `clients` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `conversations_touch_updated_at` AFTER UPDATE ON `conversations` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `conversations` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `flow_executions_touch_updated_at` AFTER UPDATE ON `flow_executions` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `flow_executions` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `gateway_cache_performance_touch_updated_at` AFTER UPDATE ON `gateway_cache_performance` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `gateway_cache_performance` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `interactive_flows_touch_updated_at` AFTER UPDATE ON `interactive_flows` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `interactive_flows` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `message_templates_touch_updated_at` AFTER UPDATE ON `message_templates` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `message_templates` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `messages_touch_updated_at` AFTER UPDATE ON `messages` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `messages` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `plan_budgets_touch_updated_at` AFTER UPDATE ON `plan_budgets` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `plan_budgets` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `pricing_config_touch_updated_at` AFTER UPDATE ON `pricing_config` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `pricing_config` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `push_tokens_touch_updated_at` AFTER UPDATE ON `push_tokens` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `push_tokens` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `secrets_touch_updated_at` AFTER UPDATE ON `secrets` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `secrets` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `shared_gateway_config_touch_updated_at` AFTER UPDATE ON `shared_gateway_config` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `shared_gateway_config` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `tts_cache_touch_updated_at` AFTER UPDATE ON `tts_cache` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `tts_cache` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `user_invites_touch_updated_at` AFTER UPDATE ON `user_invites` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `user_invites` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `user_profiles_touch_updated_at` AFTER UPDATE ON `user_profiles` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `user_profiles` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `users_touch_updated_at` AFTER UPDATE ON `users` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `users` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
