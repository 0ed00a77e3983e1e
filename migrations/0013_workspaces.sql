CREATE TABLE `workspaces` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slack_team_id` text,
	`enterprise_id` text,
	`name` text,
	`bot_user_id` text,
	`bot_id` text,
	`bot_token_encrypted` text,
	`scopes` text,
	`installed_by` text,
	`installed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`uninstalled_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_slack_team_id_unique` ON `workspaces` (`slack_team_id`);--> statement-breakpoint
-- Row 1: the workspace every existing row belongs to (a single-workspace install).
INSERT INTO `workspaces` (`id`) VALUES (1);--> statement-breakpoint
DROP INDEX `cycles_name_unique`;--> statement-breakpoint
DROP INDEX `cycles_one_active`;--> statement-breakpoint
ALTER TABLE `cycles` ADD `workspace_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `cycles_workspace_name` ON `cycles` (`workspace_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `cycles_one_active` ON `cycles` (`workspace_id`) WHERE "cycles"."state" = 'active';--> statement-breakpoint
DROP INDEX `people_slack_user_id_unique`;--> statement-breakpoint
DROP INDEX `people_email_unique`;--> statement-breakpoint
ALTER TABLE `people` ADD `workspace_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `people_workspace_slack_user` ON `people` (`workspace_id`,`slack_user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_workspace_email` ON `people` (`workspace_id`,`email`);--> statement-breakpoint
DROP INDEX `teams_name_unique`;--> statement-breakpoint
ALTER TABLE `teams` ADD `workspace_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `teams_workspace_name` ON `teams` (`workspace_id`,`name`);--> statement-breakpoint
DROP INDEX `deliveries_purpose_subject`;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `workspace_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_purpose_subject` ON `deliveries` (`workspace_id`,`purpose`,`subject`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_chart_files` (
	`workspace_id` integer DEFAULT 1 NOT NULL,
	`sha256` text NOT NULL,
	`file_id` text NOT NULL,
	`uploaded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`workspace_id`, `sha256`)
);
--> statement-breakpoint
INSERT INTO `__new_chart_files`("workspace_id", "sha256", "file_id", "uploaded_at") SELECT 1, "sha256", "file_id", "uploaded_at" FROM `chart_files`;--> statement-breakpoint
DROP TABLE `chart_files`;--> statement-breakpoint
ALTER TABLE `__new_chart_files` RENAME TO `chart_files`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `__new_settings` (
	`workspace_id` integer DEFAULT 1 NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_by` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`workspace_id`, `key`)
);
--> statement-breakpoint
INSERT INTO `__new_settings`("workspace_id", "key", "value", "updated_by", "updated_at") SELECT 1, "key", "value", "updated_by", "updated_at" FROM `settings`;--> statement-breakpoint
DROP TABLE `settings`;--> statement-breakpoint
ALTER TABLE `__new_settings` RENAME TO `settings`;--> statement-breakpoint
ALTER TABLE `pending_imports` ADD `workspace_id` integer DEFAULT 1 NOT NULL;