CREATE TABLE `checkin_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`checkin_id` integer NOT NULL,
	`confidence` integer NOT NULL,
	`evidence` text NOT NULL,
	`risks` text,
	`next_action` text,
	`value` real,
	`author_id` integer,
	`written_at` text NOT NULL,
	`replaced_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`checkin_id`) REFERENCES `checkins`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `checkin_history_checkin` ON `checkin_history` (`checkin_id`);--> statement-breakpoint
CREATE TABLE `checkins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kr_id` integer NOT NULL,
	`week` integer NOT NULL,
	`confidence` integer NOT NULL,
	`evidence` text NOT NULL,
	`risks` text,
	`next_action` text,
	`value` real,
	`author_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`kr_id`) REFERENCES `key_results`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "checkins_confidence" CHECK("checkins"."confidence" IN (0, 1, 2)),
	CONSTRAINT "checkins_week" CHECK("checkins"."week" >= 1),
	CONSTRAINT "checkins_evidence" CHECK(length(trim("checkins"."evidence")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkins_kr_week` ON `checkins` (`kr_id`,`week`);--> statement-breakpoint
CREATE TABLE `cycles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`mid_date` text NOT NULL,
	`state` text DEFAULT 'planned' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "cycles_state" CHECK("cycles"."state" IN ('planned', 'active', 'closed')),
	CONSTRAINT "cycles_dates" CHECK("cycles"."start_date" <= "cycles"."mid_date" AND "cycles"."mid_date" <= "cycles"."end_date")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cycles_name_unique` ON `cycles` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `cycles_one_active` ON `cycles` (`state`) WHERE "cycles"."state" = 'active';--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kr_id` integer NOT NULL,
	`kind` text NOT NULL,
	`rationale` text NOT NULL,
	`new_title` text,
	`new_target` real,
	`decided_by` integer,
	`decided_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`snapshot` text NOT NULL,
	FOREIGN KEY (`kr_id`) REFERENCES `key_results`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "decisions_kind" CHECK("decisions"."kind" IN ('double_down', 'pivot', 'stop')),
	CONSTRAINT "decisions_rationale" CHECK(length(trim("decisions"."rationale")) > 0)
);
--> statement-breakpoint
CREATE INDEX `decisions_kr` ON `decisions` (`kr_id`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purpose` text NOT NULL,
	`subject` text NOT NULL,
	`cycle_id` integer,
	`week` integer,
	`person_id` integer,
	`team_id` integer,
	`kr_id` integer,
	`state` text DEFAULT 'claimed' NOT NULL,
	`channel` text,
	`ts` text,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`claimed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kr_id`) REFERENCES `key_results`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "deliveries_state" CHECK("deliveries"."state" IN ('claimed', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_purpose_subject` ON `deliveries` (`purpose`,`subject`);--> statement-breakpoint
CREATE INDEX `deliveries_person_week` ON `deliveries` (`person_id`,`week`);--> statement-breakpoint
CREATE TABLE `key_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`objective_id` integer NOT NULL,
	`cycle_id` integer NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`owner_id` integer,
	`baseline` real,
	`target` real,
	`unit` text,
	`current_value` real,
	`status` text DEFAULT 'active' NOT NULL,
	`grade` real,
	`graded_at` text,
	`graded_by` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`objective_id`) REFERENCES `objectives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`graded_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "key_results_status" CHECK("key_results"."status" IN ('active', 'paused', 'stopped')),
	CONSTRAINT "key_results_grade" CHECK("key_results"."grade" IS NULL OR ("key_results"."grade" BETWEEN 0 AND 1))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `key_results_cycle_key` ON `key_results` (`cycle_id`,`key`);--> statement-breakpoint
CREATE INDEX `key_results_owner` ON `key_results` (`owner_id`);--> statement-breakpoint
CREATE INDEX `key_results_objective` ON `key_results` (`objective_id`);--> statement-breakpoint
CREATE TABLE `objectives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cycle_id` integer NOT NULL,
	`team_id` integer NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `objectives_cycle_key` ON `objectives` (`cycle_id`,`key`);--> statement-breakpoint
CREATE INDEX `objectives_team` ON `objectives` (`team_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slack_user_id` text,
	`email` text,
	`name` text,
	`timezone` text,
	`timezone_refreshed_at` text,
	`ooo_until` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "people_identity" CHECK("people"."slack_user_id" IS NOT NULL OR "people"."email" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_slack_user_id_unique` ON `people` (`slack_user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_email_unique` ON `people` (`email`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`digest_channel` text,
	`checkin_weekday` integer DEFAULT 1 NOT NULL,
	`checkin_time` text DEFAULT '10:00' NOT NULL,
	`timezone` text DEFAULT 'UTC' NOT NULL,
	`reminder_count` integer DEFAULT 1 NOT NULL,
	`reminder_delay_hours` integer DEFAULT 24 NOT NULL,
	`quiet_end` text DEFAULT '09:00' NOT NULL,
	`quiet_start` text DEFAULT '18:00' NOT NULL,
	`digest_weekday` integer,
	`digest_time` text DEFAULT '10:00' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "teams_checkin_weekday" CHECK("teams"."checkin_weekday" BETWEEN 1 AND 7),
	CONSTRAINT "teams_digest_weekday" CHECK("teams"."digest_weekday" IS NULL OR "teams"."digest_weekday" BETWEEN 1 AND 7),
	CONSTRAINT "teams_reminder_count" CHECK("teams"."reminder_count" BETWEEN 0 AND 3),
	CONSTRAINT "teams_reminder_delay" CHECK("teams"."reminder_delay_hours" BETWEEN 0 AND 168)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `teams_name_unique` ON `teams` (`name`);