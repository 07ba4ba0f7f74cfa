package dev.switchboard.adapters.openai;

import dev.switchboard.core.model.AgentModel;
import dev.switchboard.core.model.LeadExtractor;

/** An OpenAI-backed agent model that also extracts lead data; built by {@link OpenAiModels#create}. */
public sealed interface OpenAiModel extends AgentModel, LeadExtractor permits OpenAiResponsesModel, ChatCompletionsModel {}
