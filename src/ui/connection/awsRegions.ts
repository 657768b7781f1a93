// Regions offered by "Connect to AWS…". AWS IoT Core is not offered everywhere; connecting to a
// region without it is explained by the error message (and "Enter another region…" covers new ones).
export const AWS_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1',
  'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'eu-south-1',
  'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-east-1',
  'me-south-1', 'me-central-1', 'sa-east-1', 'cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'us-gov-east-1',
];
