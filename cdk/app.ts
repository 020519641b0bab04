import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RotaBankStack } from './stack';

const app = new App();

new RotaBankStack(app, 'RotaBank', {
  description: 'Rota Bank: staff bank and locum marketplace for GP practices',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-2' },
  originationNumber: app.node.tryGetContext('originationNumber'),
  emailFrom: app.node.tryGetContext('emailFrom'),
  cognitoEmailThroughSes: ['true', true].includes(app.node.tryGetContext('cognitoEmailThroughSes')),
});
Tags.of(app).add('app', 'rota-bank');

// Synth fails on any AwsSolutions finding not acknowledged with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
